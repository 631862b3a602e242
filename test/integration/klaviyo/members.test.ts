import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { collect, failure, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function membersOf(harness: Harness, listId: string) {
  return harness.emulator.control.state().accounts[0]?.lists.find((l) => l.id === listId)?.members ?? [];
}

describe('list members against the emulator', () => {
  it('pages through 25,000 members, 100 at a time, without a 429', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Big', members: 25_000 }] }).lists;
    const client = h.client();
    const members = await collect(client.iterateMembers(list?.id ?? ''));
    expect(members).toHaveLength(25_000);
    expect(new Set(members.map((m) => m.id)).size).toBe(25_000);
    expect(new Set(members.map((m) => m.id))).toEqual(new Set(list?.memberIds));
    expect(members.every((m) => m.email?.endsWith('@example.com'))).toBe(true);
    const bucket = h.emulator.control.stats().accounts.ACC1?.buckets.get_profiles_for_list;
    expect(bucket?.requests).toBe(250);
    expect(bucket?.throttled).toBe(0);
  });

  it('reads a page with the fields asked for, in camelCase', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({
      lists: [{ name: 'Detailed', members: [{ email: 'ada@example.com', phone_number: '+12065550100', external_id: 'crm-1', first_name: 'Ada', properties: { tier: 'gold' } }] }],
    }).lists;
    const page = await h.client().listMembersPage(list?.id ?? '', { fields: ['firstName', 'properties', 'joinedGroupAt'], pageSize: 5 });
    expect(page.nextCursor).toBeNull();
    expect(page.members[0]).toMatchObject({ email: 'ada@example.com', phone: '+12065550100', externalId: 'crm-1' });
    expect(page.members[0]?.attributes).toMatchObject({ firstName: 'Ada', properties: { tier: 'gold' } });
    expect(typeof page.members[0]?.attributes?.joinedGroupAt).toBe('string');
  });

  it('reads member ids only, page by page', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Ids', members: 250 }] }).lists;
    const client = h.client();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { ids: string[]; nextCursor: string | null } = await client.listMemberIdsPage(list?.id ?? '', { cursor });
      ids.push(...page.ids);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids.sort()).toEqual([...(list?.memberIds ?? [])].sort());
  });

  it('finds members by email and by phone, in chunks of filter values', async () => {
    h = await startHarness();
    const people = Array.from({ length: 230 }, (_, i) => ({ email: `m${i}@example.com`, phone_number: `+1206555${String(1000 + i).padStart(4, '0')}` }));
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Find', members: people }] }).lists;
    h.emulator.control.seed({ profiles: [{ email: 'outsider@example.com' }] });
    const client = h.client();
    const wanted = [...people.slice(0, 150).map((p) => p.email), 'outsider@example.com', 'nobody@example.com'];
    const byEmail = await client.findMembers(list?.id ?? '', { emails: wanted });
    expect(byEmail.map((m) => m.email).sort()).toEqual(people.slice(0, 150).map((p) => p.email).sort());
    const byPhone = await client.findMembers(list?.id ?? '', { phones: [people[7]?.phone_number ?? ''] });
    expect(byPhone.map((m) => m.email)).toEqual(['m7@example.com']);
  });

  it('adds and removes profiles by id, idempotently', async () => {
    h = await startHarness();
    const seeded = h.emulator.control.seed({ lists: [{ name: 'Target' }], profiles: Array.from({ length: 1500 }, (_, i) => ({ email: `p${i}@example.com` })) });
    const listId = seeded.lists[0]?.id ?? '';
    const client = h.client();
    await client.addToList(listId, seeded.profiles.slice(0, 1000));
    await client.addToList(listId, seeded.profiles.slice(900, 1500));
    await client.addToList(listId, seeded.profiles.slice(0, 10));
    expect(membersOf(h, listId)).toHaveLength(1500);
    await client.removeFromList(listId, seeded.profiles.slice(0, 700));
    await client.removeFromList(listId, seeded.profiles.slice(0, 700));
    expect(membersOf(h, listId).map((m) => m.email).sort()).toEqual(seeded.profiles.slice(700).map((_, i) => `p${i + 700}@example.com`).sort());
  });

  it('refuses more than 1000 profile ids before sending anything', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Target' }] }).lists;
    const error = await failure(() => h.client().addToList(list?.id ?? '', Array.from({ length: 1001 }, (_, i) => `id${i}`)));
    expect(AppError.is(error, 'INVALID_INPUT')).toBe(true);
    expect(h.emulator.control.stats().accounts.ACC1?.buckets.add_profiles_to_list?.requests ?? 0).toBe(0);
  });

  it('says LIST_NOT_FOUND for members of a list that does not exist', async () => {
    h = await startHarness();
    expect(AppError.is(await failure(() => h.client().listMembersPage('NoSuchList')), 'LIST_NOT_FOUND')).toBe(true);
  });
});
