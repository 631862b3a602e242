import { it } from 'vitest';
import { startHarness } from './harness';
it('dbg', async () => {
  const h = await startHarness();
  const seeded = h.emulator.control.seed({ lists: [{ name: 'A' }, { name: 'B' }], profiles: Array.from({ length: 3000 }, (_, i) => ({ email: `r${i}@example.com` })) });
  const a = h.client();
  const sends: number[] = [];
  const origFetch = globalThis.fetch;
  const f = ((...args: Parameters<typeof fetch>) => { sends.push(Date.now()); return origFetch(...args); }) as typeof fetch;
  const c = h.client({ fetch: f });
  const batches = Array.from({ length: 30 }, (_, i) => seeded.profiles.slice(i * 100, (i + 1) * 100));
  await Promise.all(batches.map((ids, i) => c.addToList(seeded.lists[i % 2]?.id ?? '', ids)));
  const b = h.emulator.control.stats().accounts.ACC1?.buckets.add_profiles_to_list;
  const t0 = sends[0] ?? 0;
  console.log('sends', sends.map((t) => t - t0).join(' '));
  console.log('accepted', b?.accepted.map((t) => t - t0).join(' '), 'throttled', b?.throttled);
  void a;
  await h.close();
});
