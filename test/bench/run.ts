/**
 * `npm run bench`: every benchmark part, one after another, each timing its work side by side with its
 * reference in the same run and printing ratios (never absolute timings against a fixed target).
 *
 *   npm run bench                     # all parts
 *   npm run bench -- --only pipeline  # one part (client, pipeline, sync, history, ui), comma-separated
 *   npm run bench -- --quick          # smaller inputs, for a smoke run
 *
 * Results are also written as JSON to .bench/results-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Part {
  name: string;
  file: string;
  run: (module: Record<string, unknown>, quick: boolean) => Promise<unknown>;
}

type BenchFn = (options: Record<string, unknown>) => Promise<unknown>;
const call = (module: Record<string, unknown>, name: string, options: Record<string, unknown>) => {
  const fn = module[name];
  if (typeof fn !== 'function') throw new Error(`the bench part does not export ${name}()`);
  return (fn as BenchFn)(options);
};

const parts: Part[] = [
  { name: 'client', file: './klaviyo-client.ts', run: (m, quick) => call(m, 'runClientBench', { quick }) },
  { name: 'pipeline', file: './pipeline.ts', run: (m, quick) => call(m, 'runPipelineBench', quick ? { rows: 100_000 } : {}) },
  { name: 'sync', file: './sync.ts', run: (m, quick) => call(m, 'runSyncBench', { quick }) },
  { name: 'history', file: './history.ts', run: (m, quick) => call(m, 'runHistoryBench', { quick }) },
  { name: 'ui', file: './ui.ts', run: (m, quick) => call(m, 'runUiBench', { quick }) },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',').filter(Boolean)) : null;
const unknown = only ? [...only].filter((name) => !parts.some((p) => p.name === name)) : [];
if (unknown.length > 0) {
  console.error(`unknown part(s): ${unknown.join(', ')}; parts are ${parts.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
let failed = false;
for (const part of parts) {
  if (only && !only.has(part.name)) continue;
  console.log(`\n━━ ${part.name} ${'━'.repeat(Math.max(0, 70 - part.name.length))}`);
  const started = Date.now();
  try {
    const module = (await import(part.file)) as Record<string, unknown>;
    const result = await part.run(module, quick);
    results[part.name] = result;
    // Parts report their targets as `ok`; a missed target fails the run, so it cannot go unnoticed.
    if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false) {
      failed = true;
      console.error(`✖ ${part.name}: a target was missed (see above)`);
    }
  } catch (error) {
    failed = true;
    results[part.name] = { error: error instanceof Error ? error.message : String(error) };
    console.error(`✖ ${part.name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
  console.log(`(${part.name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const dir = join(process.cwd(), '.bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ quick, results }, null, 2)}\n`);
console.log(`\nresults written to ${file}`);
process.exit(failed ? 1 : 0);
