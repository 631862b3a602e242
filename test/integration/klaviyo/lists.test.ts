import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createRateLimiter } from '../../../electron/core/klaviyo/index';
import { collect, failure, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('account and lists against the emulator', () => {
  it('reads the account behind the key', async () => {
    h = await startHarness();
    const account = await h.client().getAccount();
    expect(account).toMatchObject({ id: 'ACC1', name: 'Test Shop' });
  });

  it('creates, reads (with profile count), renames and deletes a list', async () => {
    h = await startHarness();
    const client = h.client();
    const created = await client.createList('Spring buyers');
    expect(created.name).toBe('Spring buyers');
    expect(created.profileCount).toBeNull();

    await client.addToList(created.id, h.emulator.control.seed({ profiles: [{ email: 'a@example.com' }, { email: 'b@example.com' }] }).profiles);
    const counted = await client.getList(created.id, { profileCount: true });
    expect(counted.profileCount).toBe(2);

    const renamed = await client.renameList(created.id, 'Spring buyers 2026');
    expect(renamed.name).toBe('Spring buyers 2026');
    expect(h.emulator.control.state().accounts[0]?.lists.map((l) => l.name)).toEqual(['Spring buyers 2026']);

    await client.deleteList(created.id);
    expect(h.emulator.control.state().accounts[0]?.lists).toEqual([]);
    expect((await failure(() => client.getList(created.id))) as AppError).toMatchObject({ code: 'LIST_NOT_FOUND' });
  });

  it('pages through every list, ten at a time, following links.next', async () => {
    h = await startHarness();
    h.emulator.control.seed({ lists: Array.from({ length: 25 }, (_, i) => ({ name: `List ${i}` })) });
    const client = h.client();
    const first = await client.listLists();
    expect(first.lists).toHaveLength(10);
    expect(first.nextCursor).not.toBeNull();
    const all = await collect(client.iterateLists());
    expect(new Set(all.map((l) => l.name)).size).toBe(25);
  });

  it('finds lists by exact name, quotes and spaces included, and by ids', async () => {
    h = await startHarness();
    const seeded = h.emulator.control.seed({ lists: [{ name: 'VIP "gold" list' }, { name: 'VIP "gold" list' }, { name: 'Other' }] });
    const client = h.client();
    const found = await client.findListsByName('VIP "gold" list');
    expect(found.map((l) => l.id).sort()).toEqual(seeded.lists.slice(0, 2).map((l) => l.id).sort());
    expect(await client.findListsByName('VIP')).toEqual([]);
    const byIds = await client.listLists({ ids: [seeded.lists[2]?.id ?? ''] });
    expect(byIds.lists.map((l) => l.name)).toEqual(['Other']);
  });

  it('finds names with characters a filter or a URL treats specially', async () => {
    h = await startHarness();
    const names = ['back\\slash', 'paren (x), comma', 'Zoë 北京 ✓', "single ' quote", 'plus+sign & amp=1', 'trailing "', '100% [sale]'];
    const seeded = h.emulator.control.seed({ lists: names.map((name) => ({ name })) });
    const client = h.client();
    for (const [i, name] of names.entries()) {
      expect((await client.findListsByName(name)).map((l) => l.id)).toEqual([seeded.lists[i]?.id]);
    }
  });

  it('counts lists and segments together against the 1,000 cap', async () => {
    h = await startHarness();
    h.emulator.control.seed({ lists: Array.from({ length: 23 }, (_, i) => ({ name: `L${i}` })), segments: 17 });
    expect(await h.client().countListsAndSegments()).toEqual({ lists: 23, segments: 17, cap: 1000 });
  });

  it('reports segments as unknown when the key may not read them', async () => {
    h = await startHarness({ scopes: ['accounts:read', 'lists:read', 'lists:write', 'profiles:read', 'profiles:write'] });
    h.emulator.control.seed({ lists: [{ name: 'Only' }], segments: 3 });
    expect(await h.client().countListsAndSegments()).toEqual({ lists: 1, segments: null, cap: 1000 });
  });

  it('refuses a new list at the lists-and-segments cap with LIST_LIMIT_REACHED', async () => {
    h = await startHarness();
    h.emulator.control.seed({ lists: Array.from({ length: 990 }, (_, i) => ({ name: `L${i}` })), segments: 10 });
    const error = await failure(() => h.client().createList('One too many'));
    expect(AppError.is(error, 'LIST_LIMIT_REACHED')).toBe(true);
    expect((error as AppError).details?.listCap).toBe(1000);
    expect((error as AppError).action?.kind).toBe('remove_lists');
  });

  it('stops at the daily list-creation cap with LIST_CREATE_DAILY_LIMIT and when it resets', async () => {
    // 150 creations need a full emulated minute (150/m): a faster clock keeps this quick.
    h = await startHarness({ timeScale: 120 });
    const client = h.client({ timeScale: 120 });
    for (let i = 0; i < 150; i++) await client.createList(`Daily ${i}`);
    const before = Date.now();
    const error = await failure(() => client.createList('Daily 150'));
    expect(AppError.is(error, 'LIST_CREATE_DAILY_LIMIT')).toBe(true);
    const resetsAt = Date.parse(String((error as AppError).details?.resetsAt));
    // A day of emulated time at ×120 is 12 real minutes, less what has passed.
    expect(resetsAt - before).toBeGreaterThan(10 * 60_000);
    expect(resetsAt - before).toBeLessThanOrEqual(12 * 60_000 + 5000);
    expect(h.emulator.control.state().accounts[0]?.lists).toHaveLength(150);
  });

  it('recognises Klaviyo’s own daily-cap 429 when this process did not count the creations', async () => {
    h = await startHarness({ timeScale: 120 });
    const first = h.client({ timeScale: 120 });
    for (let i = 0; i < 150; i++) await first.createList(`Earlier ${i}`);
    // A restarted app: its limiter knows nothing of today's creations.
    const fresh = h.client({ timeScale: 120, limiter: createRateLimiter({ timeScale: 120, marginMs: 1 }) });
    h.emulator.control.resetStats();
    const error = await failure(() => fresh.createList('After restart'));
    expect(AppError.is(error, 'LIST_CREATE_DAILY_LIMIT')).toBe(true);
    expect(Number((error as AppError).details?.retryAfterSeconds)).toBeGreaterThan(60);
    const buckets = h.emulator.control.stats().accounts.ACC1?.buckets ?? {};
    expect(buckets.create_list?.requests).toBe(1);
    expect(h.emulator.control.state().accounts[0]?.lists).toHaveLength(150);
  });
});
