import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import type { Mapping } from '../../../shared/mapping';
import { createSyncWorld, emailsOf, people } from './harness';

describe('syncing a file into a Klaviyo list', () => {
  it('adds every accepted row to the list in add mode and leaves other members alone', async () => {
    const world = await createSyncWorld();
    const kept = people('kept', 5);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Newsletter', members: kept.map((email) => ({ email })) }] }).lists;
    const newcomers = people('new', 12);
    const path = world.csv('add.csv', ['email', kept[0] as string, kept[1] as string, ...newcomers]);

    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'add' });
    expect(plan.counts).toMatchObject({ add: 12, update: 0, remove: 0, unchanged: 2 });
    expect(plan.memberSource).toBe('klaviyo');
    expect(plan.samples.add.map((p) => p.email)).toEqual(newcomers.slice(0, 10));
    // Nothing is sent while planning.
    expect(emailsOf(world.list(seeded!.id))).toEqual([...kept].sort());

    const done = await world.run(plan.runId);
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: 14, added: 12, unchanged: 2, removed: 0, pending: 0, failed: 0 });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...kept, ...newcomers].sort());
  });

  it('removes members absent from the file in mirror mode', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 4, removeBatchIds: 3 } });
    const members = people('member', 10);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Mirror', members: members.map((email) => ({ email })) }] }).lists;
    const file = [...members.slice(0, 6), ...people('fresh', 9)];
    const path = world.csv('mirror.csv', ['email', ...file]);

    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.counts).toMatchObject({ add: 9, unchanged: 6, remove: 4 });
    expect(plan.samples.remove.map((p) => p.email).sort()).toEqual(members.slice(6).sort());
    expect(plan.samples.remove.every((p) => p.line === null && p.profileId !== null)).toBe(true);

    const done = await world.run(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 9, removed: 4, unchanged: 6, pending: 0 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...file].sort());
    // Several batches of each kind, every one confirmed.
    const batches = world.store.all<{ kind: string; status: string }>(sql`SELECT kind, status FROM batches WHERE run_id = ${plan.runId}`);
    expect(batches.filter((b) => b.kind === 'import').length).toBe(3);
    expect(batches.filter((b) => b.kind === 'remove').length).toBe(2);
    expect(batches.every((b) => b.status === 'confirmed')).toBe(true);
  });

  it('keeps a member whose line was rejected for another reason when mirroring', async () => {
    const world = await createSyncWorld();
    const members = people('m', 4);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Kept', members: members.map((email) => ({ email })) }] }).lists;
    const mapping: Mapping = {
      columns: [{ index: 0, header: 'email', target: { kind: 'email' } }, { index: 1, header: 'phone', target: { kind: 'phone' } }],
      defaultRegion: 'US',
    };
    // m-1's line has an impossible phone number: the line is rejected, but the file still names m-1.
    const path = world.csv('kept.csv', ['email,phone', `${members[0]},`, `${members[1]!.toUpperCase()},12`, `${members[2]},`]);
    const plan = await world.plan({ path, mapping, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.counts).toMatchObject({ rejected: 1, remove: 1, unchanged: 2 });
    expect(plan.samples.remove.map((p) => p.email)).toEqual([members[3]]);
    await world.run(plan.runId);
    expect(emailsOf(world.list(seeded!.id))).toEqual(members.slice(0, 3).sort());
  });

  it('creates a missing list by name, once, and records that this app created it', async () => {
    const world = await createSyncWorld();
    const path = world.csv('create.csv', ['email', ...people('p', 7)]);
    const plan = await world.plan({ path, list: { name: 'Brand new', create: true } });
    expect(plan.list).toMatchObject({ id: null, exists: false, willCreate: true, memberCount: 0 });
    expect(plan.listCaps).toMatchObject({ listsAndSegments: 0, cap: 1000, createdToday: 0, dailyCap: 150 });
    expect(plan.memberSource).toBe('none');

    const done = await world.run(plan.runId);
    expect(done.status).toBe('completed');
    const lists = world.emulator.control.state({ members: true }).accounts[0]!.lists.filter((l) => l.name === 'Brand new');
    expect(lists).toHaveLength(1);
    expect(done.list).toEqual({ id: lists[0]!.id, name: 'Brand new' });
    expect(emailsOf(lists[0]!)).toEqual(people('p', 7).sort());
    expect(world.store.get(sql`SELECT count(*) AS n FROM list_creations WHERE list_id = ${lists[0]!.id}`)).toEqual({ n: 1 });
  });

  it('refuses an ambiguous list name and names the lists to choose from', async () => {
    const world = await createSyncWorld();
    const seeded = world.emulator.control.seed({ lists: [{ name: 'Twins' }, { name: 'Twins' }] }).lists;
    const path = world.csv('a.csv', ['email', 'a@example.com']);
    await expect(world.plan({ path, list: { name: 'Twins', create: true } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(seeded[1]!.id),
    });
    // A failed plan leaves nothing behind.
    expect(world.store.get(sql`SELECT count(*) AS n FROM runs`)).toEqual({ n: 0 });
  });

  it('records rejected rows with their reason and original values, and sends only the rest', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Rejects' }] }).lists;
    const path = world.csv('rejects.csv', ['email,name', 'good@example.com,Good', 'not-an-email,Bad', 'good@example.com,Again', ',Nobody']);
    const mapping: Mapping = { columns: [{ index: 0, header: 'email', target: { kind: 'email' } }], defaultRegion: 'US' };

    const plan = await world.plan({ path, mapping, list: { id: seeded!.id } });
    expect(plan.counts).toMatchObject({ add: 1, rejected: 2, duplicates: 1 });
    expect(plan.samples.rejected.map((r) => [r.line, r.reason])).toEqual([[3, 'invalid_email'], [5, 'no_identifier']]);

    const done = await world.run(plan.runId);
    expect(done.counts).toMatchObject({ total: 4, added: 1, rejected: 2, duplicates: 1, pending: 0 });
    expect(emailsOf(world.list(seeded!.id))).toEqual(['good@example.com']);
    const rows = world.store.all<{ line: number; fate: string; reason: string | null; values_json: string | null; duplicate_of: number | null }>(
      sql`SELECT line, fate, reason, values_json, duplicate_of FROM run_rows WHERE run_id = ${plan.runId} ORDER BY seq`);
    expect(rows.map((r) => [r.line, r.fate])).toEqual([[2, 'added'], [3, 'rejected'], [4, 'duplicate'], [5, 'rejected']]);
    expect(rows[1]!.reason).toMatch(/not-an-email/);
    expect(JSON.parse(rows[1]!.values_json ?? 'null')).toEqual(['not-an-email', 'Bad']);
    expect(rows[2]!.duplicate_of).toBe(2);
  });

  it('writes mapped fields and properties in full-profile mode, and calls equal members unchanged the next time', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Full', members: [{ email: 'ann@example.com', first_name: 'Old' }] }] }).lists;
    const mapping: Mapping = {
      columns: [
        { index: 0, header: 'email', target: { kind: 'email' } },
        { index: 1, header: 'first', target: { kind: 'field', field: 'first_name' } },
        { index: 2, header: 'city', target: { kind: 'field', field: 'city' } },
        { index: 3, header: 'plan', target: { kind: 'property', name: 'plan', type: 'string' } },
        { index: 4, header: 'score', target: { kind: 'property', name: 'score', type: 'number' } },
      ],
      defaultRegion: 'US',
    };
    const path = world.csv('full.csv', ['email,first,city,plan,score', 'ann@example.com,Ann,Oslo,gold,7', 'bob@example.com,Bob,Rome,silver,3']);

    const plan = await world.plan({ path, mapping, list: { id: seeded!.id }, content: 'full' });
    expect(plan.counts).toMatchObject({ add: 1, update: 1, unchanged: 0 });
    expect((await world.run(plan.runId)).status).toBe('completed');

    const page = await world.client().listMembersPage(seeded!.id, { fields: ['firstName', 'location', 'properties'] });
    const byEmail = new Map(page.members.map((m) => [m.email, m.attributes]));
    expect(byEmail.get('ann@example.com')).toMatchObject({ firstName: 'Ann', location: { city: 'Oslo' }, properties: { plan: 'gold', score: 7 } });
    expect(byEmail.get('bob@example.com')).toMatchObject({ firstName: 'Bob', location: { city: 'Rome' }, properties: { plan: 'silver', score: 3 } });

    // Read from Klaviyo again (the snapshot holds no fields): the same file now changes nothing.
    world.store.run(sql`DELETE FROM list_snapshots`);
    const again = await world.plan({ path, mapping, list: { id: seeded!.id }, content: 'full' });
    expect(again.counts).toMatchObject({ add: 0, update: 0, unchanged: 2 });
  });

  it('sends only identifiers in identifiers mode, whatever else is mapped', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Ids' }] }).lists;
    const mapping: Mapping = {
      columns: [
        { index: 0, header: 'email', target: { kind: 'email' } },
        { index: 1, header: 'first', target: { kind: 'field', field: 'first_name' } },
      ],
      defaultRegion: 'US',
    };
    const path = world.csv('ids.csv', ['email,first', 'cat@example.com,Cat']);
    const plan = await world.plan({ path, mapping, list: { id: seeded!.id }, content: 'identifiers' });
    await world.run(plan.runId);
    const page = await world.client().listMembersPage(seeded!.id, { fields: ['firstName'] });
    expect(page.members).toHaveLength(1);
    expect(page.members[0]!.attributes?.firstName ?? null).toBeNull();
  });
});
