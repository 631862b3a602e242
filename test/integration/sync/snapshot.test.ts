import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import { createSyncWorld, emailsOf, people } from './harness';

/** Requests the emulator saw for reading list members. */
function memberReads(world: Awaited<ReturnType<typeof createSyncWorld>>): number {
  const buckets = world.emulator.control.stats().accounts.ACC1?.buckets ?? {};
  return buckets.get_profiles_for_list?.requests ?? 0;
}

describe('the last sync’s snapshot', () => {
  it('is used instead of reading the whole list when Klaviyo agrees nothing changed', async () => {
    const world = await createSyncWorld();
    const members = people('m', 250);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Snap', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('snap.csv', ['email', ...members.slice(0, 200), ...people('n', 30)]);
    const first = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(first.memberSource).toBe('klaviyo');
    await world.run(first.runId);
    expect(world.store.get(sql`SELECT profile_count FROM list_snapshots WHERE list_id = ${seeded!.id}`)).toEqual({ profile_count: 230 });

    world.emulator.control.resetStats();
    const second = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(second.memberSource).toBe('snapshot');
    expect(second.counts).toMatchObject({ add: 0, update: 0, remove: 0, unchanged: 230 });
    expect(second.list.memberCount).toBe(230);
    // One page of the most recent members instead of three pages of everyone.
    expect(memberReads(world)).toBe(1);
  });

  it('is refused when the list changed behind our back, and the list is read again', async () => {
    const world = await createSyncWorld();
    const members = people('m', 20);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Moved', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('moved.csv', ['email', ...members]);
    await world.run((await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' })).runId);

    // Someone adds a person in Klaviyo: the count no longer matches.
    const [outsider] = world.emulator.control.seed({ profiles: [{ email: 'outsider@example.com' }] }).profiles;
    await world.client().addToList(seeded!.id, [outsider!]);
    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.memberSource).toBe('klaviyo');
    expect(plan.warnings.join(' ')).toMatch(/changed since the last sync/);
    expect(plan.counts).toMatchObject({ remove: 1, unchanged: 20 });
    expect(plan.samples.remove[0]?.email).toBe('outsider@example.com');
  });

  it('is refused when the count matches but the most recent members are not the ones it holds', async () => {
    const world = await createSyncWorld();
    const members = people('m', 20);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Swapped', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('swap.csv', ['email', ...members]);
    await world.run((await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' })).runId);

    const client = world.client();
    const [one] = await client.findMembers(seeded!.id, { emails: [members[0]!] });
    await client.removeFromList(seeded!.id, [one!.id]);
    const [stranger] = world.emulator.control.seed({ profiles: [{ email: 'stranger@example.com' }] }).profiles;
    await client.addToList(seeded!.id, [stranger!]);

    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.memberSource).toBe('klaviyo');
    expect(plan.counts).toMatchObject({ add: 1, remove: 1, unchanged: 19 });
  });

  it('finds the ids of people the last sync added before removing them', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Grow' }] }).lists;
    const added = people('added', 12);
    await world.run((await world.plan({ path: world.csv('grow.csv', ['email', ...added]), list: { id: seeded!.id }, mode: 'mirror' })).runId);
    // The snapshot knows these people only by email (bulk import does not return ids).
    expect(world.store.get(sql`SELECT count(*) AS n FROM snapshot_members WHERE list_id = ${seeded!.id} AND profile_id IS NULL`)).toEqual({ n: 12 });

    const path = world.csv('shrink.csv', ['email', ...added.slice(0, 8)]);
    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.memberSource).toBe('snapshot');
    expect(plan.counts).toMatchObject({ remove: 4, unchanged: 8 });
    expect(plan.samples.remove.every((p) => p.profileId !== null)).toBe(true);
    await world.run(plan.runId);
    expect(emailsOf(world.list(seeded!.id))).toEqual(added.slice(0, 8).sort());
  });
});
