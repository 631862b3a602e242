import { describe, expect, it } from 'vitest';
import { createListHandlers } from '../../../electron/core/lists/index';
import { readAllMembers } from '../../../electron/core/sync/member-reader';
import { createSyncWorld, people } from './harness';

describe('Klaviyo lists for the list picker', () => {
  it('lists the account’s lists with their count against the cap, and one list with its size', async () => {
    const world = await createSyncWorld();
    world.emulator.control.seed({
      lists: [{ name: 'Summer VIP', members: people('v', 3).map((email) => ({ email })) }, { name: 'Winter' }, { name: 'summer leads' }],
      segments: 2,
    });
    const handlers = createListHandlers({ credentials: { getApiKey: async () => world.key }, createClient: () => world.client() });

    const all = await handlers.listLists({});
    expect(all).toMatchObject({ listCount: 3, segmentCount: 2, cap: 1000 });
    expect(all.lists.map((l) => l.name)).toEqual(['summer leads', 'Summer VIP', 'Winter']);
    const some = await handlers.listLists({ search: 'SUMMER' });
    expect(some.lists.map((l) => l.name)).toEqual(['summer leads', 'Summer VIP']);

    const vip = all.lists.find((l) => l.name === 'Summer VIP')!;
    expect(await handlers.getList({ id: vip.id })).toMatchObject({ id: vip.id, name: 'Summer VIP', profileCount: 3 });
    await expect(handlers.getList({ id: 'nope' })).rejects.toMatchObject({ code: 'LIST_NOT_FOUND' });
  });
});

describe('reading a list’s members from Klaviyo', () => {
  it('reads slices of join time side by side through Klaviyo’s filters, and misses nobody', async () => {
    // Klaviyo shows join times to the second: the emulator's clock jumps a minute between waves.
    let offset = 0;
    const world = await createSyncWorld({ emulator: { now: () => Date.now() + offset } });
    const emails = people('j', 600);
    const seeded = world.emulator.control.seed({ profiles: emails.map((email) => ({ email })), lists: [{ name: 'Joined over time' }] });
    const listId = seeded.lists[0]!.id;
    const client = world.client();
    // Members join in six waves, as a list grows over time.
    for (let i = 0; i < 6; i++) {
      await client.addToList(listId, seeded.profiles.slice(i * 100, (i + 1) * 100));
      offset += 60_000;
    }
    const seen = new Set<string>();
    const result = await readAllMembers({ client, listId, fields: [], readers: 3, onMembers: (page) => page.forEach((m) => seen.add(m.email ?? '')) });
    expect(result.parallel).toBe(true);
    expect([...seen].sort()).toEqual([...emails].sort());
  });
});
