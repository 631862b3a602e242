import { describe, expect, it } from 'vitest';
import { readAllMembers } from '../../../electron/core/sync/member-reader';
import type { Member, MembersQuery } from '../../../electron/core/klaviyo/index';

interface Stored { id: string; joinedAt: number }

/**
 * Klaviyo's member paging, in memory: join order, a cursor, the joined_group_at filter (on the exact
 * time) and sort, and joined_group_at shown to the second, as Klaviyo shows it.
 */
function fakeKlaviyo(members: Stored[]) {
  const calls: MembersQuery[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const listMembersPage = async (_listId: string, query: MembersQuery = {}) => {
    calls.push(query);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight -= 1;
    const from = query.joinedFrom ? Date.parse(query.joinedFrom) : -Infinity;
    const before = query.joinedBefore ? Date.parse(query.joinedBefore) : Infinity;
    let matching = members.filter((m) => m.joinedAt >= from && m.joinedAt < before);
    if (query.sort === '-joined_group_at') matching = [...matching].reverse();
    const start = query.cursor ? Number(query.cursor) : 0;
    const size = query.pageSize ?? 100;
    const page = matching.slice(start, start + size);
    const toMember = (m: Stored): Member => ({
      id: m.id, email: `${m.id}@example.com`, phone: null, externalId: null, attributes: { joinedGroupAt: new Date(Math.floor(m.joinedAt / 1000) * 1000).toISOString().replace('.000Z', '+00:00') },
    });
    return { members: page.map(toMember), nextCursor: start + size < matching.length ? String(start + size) : null };
  };
  return { client: { listMembersPage }, calls, maxInFlight: () => maxInFlight };
}

async function read(members: Stored[], readers: number, requestIntervalMs?: number) {
  const fake = fakeKlaviyo(members);
  const seen = new Set<string>();
  const result = await readAllMembers({
    client: fake.client, listId: 'L', fields: [], readers, onMembers: (page) => page.forEach((m) => seen.add(m.id)),
    ...(requestIntervalMs !== undefined ? { requestIntervalMs } : {}),
  });
  return { result, seen, fake };
}

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

describe('reading a whole list', () => {
  it('reads a small list in one page', async () => {
    const { result, seen } = await read(Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, joinedAt: T0 + i })), 4);
    expect(result).toMatchObject({ pages: 1, parallel: false });
    expect(seen.size).toBe(30);
  });

  it('reads slices of join time side by side, and misses nobody', async () => {
    const members = Array.from({ length: 2000 }, (_, i) => ({ id: `p${i}`, joinedAt: T0 + i * 1000 }));
    const { result, seen, fake } = await read(members, 4);
    expect(result.parallel).toBe(true);
    expect(seen.size).toBe(2000);
    expect(fake.maxInFlight()).toBe(4);
  });

  it('keeps every reader busy when most members joined in one short burst', async () => {
    const burst = Array.from({ length: 1500 }, (_, i) => ({ id: `b${i}`, joinedAt: T0 + 10_000 + i * 100 }));
    const members = [{ id: 'first', joinedAt: T0 }, ...burst, ...Array.from({ length: 100 }, (_, i) => ({ id: `late${i}`, joinedAt: T0 + 1_000_000 + i }))];
    const { seen, fake } = await read(members, 4);
    expect(seen.size).toBe(members.length);
    // The burst was split between readers rather than read by one cursor.
    const burstSlices = fake.calls.filter((c) => c.joinedFrom && Date.parse(c.joinedFrom) >= T0 + 10_000 && Date.parse(c.joinedFrom) < T0 + 160_000 && !c.cursor);
    expect(burstSlices.length).toBeGreaterThan(1);
  });

  it('falls back to one cursor when everyone joined within the same second', async () => {
    const { result, seen } = await read(Array.from({ length: 450 }, (_, i) => ({ id: `s${i}`, joinedAt: T0 + i })), 4);
    expect(result).toMatchObject({ parallel: false, pages: 5 });
    expect(seen.size).toBe(450);
  });

  it('keeps one cursor when its round trip is shorter than the budget’s pace, and slices when it is longer', async () => {
    const members = Array.from({ length: 1500 }, (_, i) => ({ id: `p${i}`, joinedAt: T0 + i * 1000 }));
    const fast = await read(members, 4, 1000);
    expect(fast.result.parallel).toBe(false);
    expect(fast.fake.maxInFlight()).toBe(1);
    expect(fast.seen.size).toBe(1500);
    const slow = await read(members, 4, 0.01);
    expect(slow.result.parallel).toBe(true);
    expect(slow.fake.maxInFlight()).toBe(4);
    expect(slow.seen.size).toBe(1500);
  });

  it('reads with one cursor when asked for one reader', async () => {
    const { result, fake } = await read(Array.from({ length: 250 }, (_, i) => ({ id: `p${i}`, joinedAt: T0 + i * 1000 })), 1);
    expect(result).toMatchObject({ parallel: false, pages: 3 });
    expect(fake.maxInFlight()).toBe(1);
  });
});
