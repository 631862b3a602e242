/**
 * How fast the emulator itself answers, so a benchmark knows the emulator is not its bottleneck.
 *
 *   npx tsx test/klaviyo-emulator/tools/throughput.ts [requestsPerCase=400] [concurrency=16]
 *
 * Rate limits are effectively off (a huge time scale); prints requests per second per case.
 */
import { startEmulator } from '../index';

const KEY = 'pk_throughput_probe';
const requests = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 16);

interface Case {
  name: string;
  request: (i: number) => { method: string; path: string; body?: unknown };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ apiKeys: [{ key: KEY }], timeScale: 1_000_000, queueDelayMs: 0, jobSpeed: 1_000_000 });
  const headers = { Authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15', 'Content-Type': 'application/json' };
  const started = performance.now();
  const seeded = emulator.control.seed({ lists: [{ name: 'Big', members: 200_000 }, { name: 'Target' }], segments: 5 });
  process.stdout.write(`seed 200,000 members: ${Math.round(performance.now() - started)} ms\n`);
  const big = seeded.lists[0];
  const target = seeded.lists[1];
  if (!big || !target) throw new Error('seeding failed');
  const cases: Case[] = [
    { name: 'GET /api/lists?filter=equals(name,…)', request: () => ({ method: 'GET', path: '/api/lists?filter=equals(name,%22Big%22)' }) },
    { name: 'GET list members (ids, 100/page)', request: () => ({ method: 'GET', path: `/api/lists/${big.id}/relationships/profiles?page[size]=100` }) },
    { name: 'GET list members (profiles, 100/page)', request: () => ({ method: 'GET', path: `/api/lists/${big.id}/profiles?page[size]=100` }) },
    { name: 'GET /api/profiles?filter=equals(email,…)', request: (i) => ({ method: 'GET', path: `/api/profiles?filter=equals(email,%22seed-${(i % 1000) + 1}@example.com%22)` }) },
    { name: 'POST /api/profile-import', request: (i) => ({ method: 'POST', path: '/api/profile-import', body: { data: { type: 'profile', attributes: { email: `import-${i}@example.com`, first_name: 'I' } } } }) },
    {
      name: 'POST list relationships (1000 ids)',
      request: (i) => ({ method: 'POST', path: `/api/lists/${target.id}/relationships/profiles`, body: { data: big.memberIds.slice((i % 200) * 1000, (i % 200) * 1000 + 1000).map((id) => ({ type: 'profile', id })) } }),
    },
    {
      name: 'POST bulk import (1000 profiles)',
      request: (i) => ({ method: 'POST', path: '/api/profile-bulk-import-jobs', body: { data: { type: 'profile-bulk-import-job', attributes: { profiles: { data: Array.from({ length: 1000 }, (_, k) => ({ type: 'profile', attributes: { email: `bulk-${i}-${k}@example.com`, phone_number: `+1206${String(5550000 + ((i * 1000 + k) % 10000))}` } })) } } } } }),
    },
  ];
  for (const c of cases) {
    let next = 0;
    let failures = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < requests) {
        const i = next;
        next += 1;
        const { method, path, body } = c.request(i);
        const res = await fetch(`${emulator.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        await res.arrayBuffer();
        if (res.status >= 400) failures += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`${c.name}: ${Math.round(requests / seconds)} req/s${failures ? ` (${failures} errors)` : ''}\n`);
  }
  await emulator.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
