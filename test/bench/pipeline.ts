/**
 * Pipeline benchmark: a generated CSV with messy identifiers, exported end to end, timed side by side
 * in the same run with (a) a bare papaparse streaming parse of the file and (b) that parse plus
 * libphonenumber-js validation of every phone on one thread — the least work any correct exporter does.
 * Targets: (c)/(b) ≤ 0.75, peak RSS of the export ≤ 400 MB (it runs in its own process to measure it).
 *
 *   npx tsx test/bench/pipeline.ts [--rows 1000000] [--memory-rows 250000] [--repeat 2] [--stage-workers N]
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Mapping } from '../../shared/mapping';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CACHE = join(ROOT, '.bench');
const GENERATOR_VERSION = 2;

export const BENCH_HEADERS = ['Customer ID', 'Email', 'Phone', 'First Name', 'Last Name', 'Plan', 'Signup Date', 'Lifetime Value', 'Orders', 'VIP', 'Source'];

export const BENCH_MAPPING: Mapping = {
  defaultRegion: 'US',
  columns: [
    { index: 0, header: 'Customer ID', target: { kind: 'externalId' } },
    { index: 1, header: 'Email', target: { kind: 'email' } },
    { index: 2, header: 'Phone', target: { kind: 'phone' } },
    { index: 3, header: 'First Name', target: { kind: 'field', field: 'first_name' } },
    { index: 4, header: 'Last Name', target: { kind: 'field', field: 'last_name' } },
    { index: 5, header: 'Plan', target: { kind: 'property', name: 'plan', type: 'string' } },
    { index: 6, header: 'Signup Date', target: { kind: 'property', name: 'signup_date', type: 'date' } },
    { index: 7, header: 'Lifetime Value', target: { kind: 'property', name: 'lifetime_value', type: 'number' } },
    { index: 8, header: 'Orders', target: { kind: 'property', name: 'orders', type: 'number' } },
    { index: 9, header: 'VIP', target: { kind: 'property', name: 'vip', type: 'boolean' } },
    { index: 10, header: 'Source', target: { kind: 'property', name: 'source', type: 'string' } },
  ],
};

/** Deterministic PRNG (mulberry32) so the cached file is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ann', 'Bob', 'Chloé', 'David', 'Eva', 'Farid', 'Grace', 'Hiro', 'Ines', 'José', 'Kim', 'Lena', 'Marco', 'Nora', 'Omar', 'Priya'];
const LAST = ['Lee', 'Smith', 'García', 'Müller', 'Nguyen', 'Okafor', 'Rossi', 'Dubois', 'Kowalski', 'Tanaka', 'Brown', 'Silva'];
const DOMAINS = ['example.com', 'gmail.com', 'yahoo.co.uk', 'outlook.com', 'company.io', 'mail.de', 'icloud.com'];
const AREAS = [201, 202, 206, 212, 213, 305, 312, 404, 415, 503, 512, 617, 646, 702, 718, 801, 805, 917, 972];
const PLANS = ['free', 'basic', 'pro', 'enterprise'];
const SOURCES = ['web', 'store', 'event', 'referral', 'import'];

interface Person { id: string; email: string; digits: string; intl: string | null; first: string; last: string; plan: string }

function personFor(i: number, rnd: () => number): Person {
  const first = FIRST[Math.floor(rnd() * FIRST.length)]!;
  const last = LAST[Math.floor(rnd() * LAST.length)]!;
  const email = `${first}.${last}${i}@${DOMAINS[Math.floor(rnd() * DOMAINS.length)]}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const area = AREAS[Math.floor(rnd() * AREAS.length)]!;
  const exchange = 200 + Math.floor(rnd() * 800);
  const line = String(Math.floor(rnd() * 10000)).padStart(4, '0');
  const digits = `${area}${exchange}${line}`;
  const r = rnd();
  const intl = r < 0.06 ? `+44 7${700 + Math.floor(rnd() * 300)} ${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}`
    : r < 0.1 ? `+49 30 ${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`
    : r < 0.13 ? `+33 6 ${String(Math.floor(rnd() * 1e8)).padStart(8, '0').replace(/(\d\d)(?=\d)/g, '$1 ')}`
    : r < 0.15 ? `+61 4${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`
    : null;
  return { id: `C${1_000_000 + i}`, email, digits, intl, first, last, plan: rnd() < 0.12 ? '' : PLANS[Math.floor(rnd() * PLANS.length)]! };
}

function messyPhone(p: Person, rnd: () => number): string {
  if (p.intl) return rnd() < 0.5 ? p.intl : p.intl.replace(/\s/g, '');
  const d = p.digits;
  const a = d.slice(0, 3); const b = d.slice(3, 6); const c = d.slice(6);
  switch (Math.floor(rnd() * 8)) {
    case 0: return `(${a}) ${b}-${c}`;
    case 1: return `${a}-${b}-${c}`;
    case 2: return `${a}.${b}.${c}`;
    case 3: return `+1 ${a} ${b} ${c}`;
    case 4: return `1-${a}-${b}-${c}`;
    case 5: return `+1${d}`;
    case 6: return ` ${a} ${b} ${c} `;
    default: return d;
  }
}

function messyEmail(email: string, rnd: () => number): string {
  const r = rnd();
  const cased = r < 0.3 ? email.toUpperCase() : r < 0.6 ? email.replace(/^./, (c) => c.toUpperCase()) : email;
  return rnd() < 0.2 ? `  ${cased} ` : cased;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes the benchmark CSV (≈10% duplicates, ≈3% invalid rows, 6 properties). */
export async function generateBenchCsv(path: string, rows: number): Promise<void> {
  const rnd = random(20_240_601 + rows);
  const people: Person[] = [];
  const out = createWriteStream(`${path}.partial`);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${BENCH_HEADERS.join(',')}\r\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const dup = people.length > 0 && rnd() < 0.1;
    const p = dup ? people[Math.floor(rnd() * people.length)]! : personFor(people.length, rnd);
    if (!dup) people.push(p);
    let email = messyEmail(p.email, rnd);
    let phone = rnd() < 0.9 ? messyPhone(p, rnd) : '';
    let orders = String(Math.floor(rnd() * 40));
    const bad = rnd();
    if (bad < 0.012) email = email.replace('@', ' at ');
    else if (bad < 0.022) phone = p.digits.slice(0, 7);
    else if (bad < 0.03) orders = 'n/a';
    const plan = dup ? PLANS[Math.floor(rnd() * PLANS.length)]! : p.plan;
    const year = 2015 + Math.floor(rnd() * 10);
    const signup = rnd() < 0.5 ? `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}` : `${1 + Math.floor(rnd() * 12)}/${1 + Math.floor(rnd() * 28)}/${year}`;
    const cells = [p.id, email, phone, p.first, rnd() < 0.05 ? `${p.last}, Jr.` : p.last, plan, signup,
      (rnd() * 2000).toFixed(2), orders, rnd() < 0.2 ? 'yes' : 'no', SOURCES[Math.floor(rnd() * SOURCES.length)]!];
    buffer += `${cells.map(csvCell).join(',')}\r\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  renameSync(`${path}.partial`, path);
}

export async function benchCsv(rows: number): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `pipeline-v${GENERATOR_VERSION}-${rows}.csv`);
  if (!existsSync(path)) await generateBenchCsv(path, rows);
  return path;
}

/** (a): papaparse streaming with a chunk callback, nothing else. */
async function bareParse(path: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((done, fail) => {
    Papa.parse(createReadStream(path, { encoding: 'utf8' }), {
      chunk: (results: Papa.ParseResult<string[]>) => { rows += results.data.length; },
      complete: () => done(), error: (e: Error) => fail(e),
    });
  });
  return rows;
}

/** (b): the same parse, validating every row's phone with libphonenumber-js on this thread. */
async function parseAndValidatePhones(path: string): Promise<number> {
  let valid = 0;
  await new Promise<void>((done, fail) => {
    Papa.parse(createReadStream(path, { encoding: 'utf8' }), {
      chunk: (results: Papa.ParseResult<string[]>) => {
        for (const row of results.data) {
          const phone = row[2];
          if (phone && parsePhoneNumberFromString(phone, 'US')?.isValid()) valid++;
        }
      },
      complete: () => done(), error: (e: Error) => fail(e),
    });
  });
  return valid;
}

interface ChildResult { ms: number; cpuMs: number; maxRssMb: number; detail: unknown }

async function runChild(kind: 'a' | 'b' | 'c', path: string, exportChild?: { script: string; stageWorkers?: number }): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const args = kind === 'c' && exportChild
    ? [exportChild.script, path, join(CACHE, 'build', 'mapping.json'), ...(exportChild.stageWorkers === undefined ? [] : [String(exportChild.stageWorkers)])]
    : ['--import', 'tsx', self, '--child', kind, '--file', path];
  return await new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : fail(new Error(`bench child ${kind} exited with ${code}`))));
  });
}

/**
 * The export runs from an esbuild bundle made like scripts/build-electron.mjs makes the app's (workers
 * in ./workers/, dependencies external), in a plain Node child: under tsx every thread would carry a
 * loader thread too, which is not what ships and inflates memory.
 */
async function bundleExport(): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(CACHE, 'build');
  const core = join(ROOT, 'electron', 'core', 'audience');
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'esm' as const, packages: 'external' as const, define: { __BUNDLED__: 'true' }, logLevel: 'warning' as const };
  // The child that runs the export, in plain Node (no TypeScript loader in the measured process).
  const child = `import { exportAudience } from ${JSON.stringify(join(core, 'export.ts'))};
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [path, mappingFile, workers] = process.argv.slice(2);
const started = performance.now();
const cpuStart = process.cpuUsage();
const outDir = mkdtempSync(join(tmpdir(), 'pipeline-bench-'));
const threads = ${THREAD_SAMPLER};
try {
  const result = await exportAudience({ path, mapping: JSON.parse(readFileSync(mappingFile, 'utf8')), outDir, ...(workers ? { stageWorkers: Number(workers) } : {}) });
  const cpu = process.cpuUsage(cpuStart);
  const byThread = threads.stop();
  if (process.env.PIPELINE_BENCH_THREADS) process.stderr.write('  [c] CPU by thread: ' + byThread + '\\n');
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, detail: { counts: result.counts, passMs: result.durationMs } }) + '\\n');
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
`;
  await build({ ...common, stdin: { contents: child, resolveDir: ROOT, loader: 'ts' }, outfile: join(out, 'export-child.js') });
  await build({ ...common, entryPoints: { 'prepare.worker': join(core, 'prepare.worker.ts'), 'stage.worker': join(core, 'stage.worker.ts') }, outdir: join(out, 'workers') });
  return join(out, 'export-child.js');
}

/**
 * CPU seconds per thread (Linux /proc), sampled so threads that end early are still counted. Plain
 * JavaScript source, because the bundled export child runs it too.
 */
const THREAD_SAMPLER = `(() => {
  const { readdirSync, readFileSync } = process.getBuiltinModule ? process.getBuiltinModule('node:fs') : require('node:fs');
  const seen = new Map();
  const sample = () => {
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seen.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) });
      }
    } catch {}
  };
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...seen.values()].filter((t) => t.ticks >= 10).sort((x, y) => y.ticks - x.ticks).map((t) => t.name + ' ' + (t.ticks / 100).toFixed(1) + 's').join(', ');
    },
  };
})()`;

function sampleThreads(): { stop(): string } {
  return (0, eval)(THREAD_SAMPLER) as { stop(): string };
}

async function child(kind: string, path: string): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const threads = sampleThreads();
  let detail: unknown;
  if (kind === 'a') detail = { rows: await bareParse(path) };
  else detail = { validPhones: await parseAndValidatePhones(path) };
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  if (process.env.PIPELINE_BENCH_THREADS) process.stderr.write(`  [${kind}] CPU by thread: ${threads.stop()}\n`);
  else threads.stop();
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, detail })}\n`);
}

export interface PipelineBenchResult {
  rows: number;
  fileMb: number;
  bareParseMs: number;
  parsePlusPhonesMs: number;
  exportMs: number;
  /** CPU time of each (all threads): on a machine shared with other work, the fairer comparison. */
  parsePlusPhonesCpuMs: number;
  exportCpuMs: number;
  exportVsPhones: number;
  exportVsBare: number;
  exportPeakRssMb: number;
  memoryCheck: { rows: number; exportMs: number; peakRssMb: number } | null;
  counts: unknown;
  /** The targets, judged on the full-size file only (a smaller one says little about either). */
  ok?: boolean;
}

/** Export ≤ 0.75 × (parse + phone validation on one thread), at most 400 MB at its peak. */
const TARGET_RATIO = 0.75;
const TARGET_PEAK_MB = 400;
const FULL_SIZE_ROWS = 1_000_000;

/**
 * @param repeat (b) and (c) run this many times (3 unless told), alternating, and the fastest of each
 *   counts: other work on the machine slows single runs down unevenly (here by up to ±20 %).
 */
export async function runPipelineBench(options: { rows?: number; memoryRows?: number | null; stageWorkers?: number; repeat?: number } = {}): Promise<PipelineBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const path = await benchCsv(rows);
  const script = await bundleExport();
  writeFileSync(join(CACHE, 'build', 'mapping.json'), JSON.stringify(BENCH_MAPPING));
  const extra = { script, ...(options.stageWorkers === undefined ? {} : { stageWorkers: options.stageWorkers }) };
  const a = await runChild('a', path);
  const bs: ChildResult[] = [];
  const cs: ChildResult[] = [];
  for (let i = 0; i < (options.repeat ?? 3); i++) {
    bs.push(await runChild('b', path));
    cs.push(await runChild('c', path, extra));
  }
  const fastest = (runs: ChildResult[]) => runs.reduce((x, y) => (y.ms < x.ms ? y : x));
  const b = fastest(bs);
  const c = fastest(cs);
  const memoryRows = options.memoryRows === undefined ? Math.round(rows / 4) : options.memoryRows;
  let memoryCheck: PipelineBenchResult['memoryCheck'] = null;
  if (memoryRows) {
    const small = await runChild('c', await benchCsv(memoryRows), extra);
    memoryCheck = { rows: memoryRows, exportMs: Math.round(small.ms), peakRssMb: Math.round(small.maxRssMb) };
  }
  const result: PipelineBenchResult = {
    rows, fileMb: Math.round(statSync(path).size / 1e5) / 10,
    bareParseMs: Math.round(a.ms), parsePlusPhonesMs: Math.round(b.ms), exportMs: Math.round(c.ms),
    parsePlusPhonesCpuMs: Math.round(b.cpuMs), exportCpuMs: Math.round(c.cpuMs),
    exportVsPhones: Math.round((c.ms / b.ms) * 1000) / 1000, exportVsBare: Math.round((c.ms / a.ms) * 100) / 100,
    exportPeakRssMb: Math.round(Math.max(...cs.map((r) => r.maxRssMb))), memoryCheck, counts: (c.detail as { counts: unknown }).counts,
  };
  if (rows >= FULL_SIZE_ROWS) result.ok = result.exportVsPhones <= TARGET_RATIO && result.exportPeakRssMb <= TARGET_PEAK_MB;
  printPipelineBench(result);
  return result;
}

function printPipelineBench(r: PipelineBenchResult): void {
  // Marks only where the targets apply (the full-size file).
  const mark = (ok: boolean) => (r.ok === undefined ? '' : ok ? '  ✔' : '  ✖');
  console.log(`pipeline benchmark: ${r.rows.toLocaleString('en-US')} rows, ${r.fileMb} MB`);
  console.log(`  (a) bare papaparse parse           ${(r.bareParseMs / 1000).toFixed(2)} s`);
  console.log(`  (b) parse + phone validation       ${(r.parsePlusPhonesMs / 1000).toFixed(2)} s   (CPU ${(r.parsePlusPhonesCpuMs / 1000).toFixed(1)} s)`);
  console.log(`  (c) export end to end              ${(r.exportMs / 1000).toFixed(2)} s   (CPU ${(r.exportCpuMs / 1000).toFixed(1)} s, all threads)   peak RSS ${r.exportPeakRssMb} MB`);
  console.log(`  (c)/(b) = ${r.exportVsPhones} (target ≤ ${TARGET_RATIO})${mark(r.exportVsPhones <= TARGET_RATIO)}   (c)/(a) = ${r.exportVsBare}`);
  const memory = r.memoryCheck ? `${r.memoryCheck.rows.toLocaleString('en-US')} rows → peak RSS ${r.memoryCheck.peakRssMb} MB; ` : '';
  console.log(`  memory: ${memory}${r.rows.toLocaleString('en-US')} rows → ${r.exportPeakRssMb} MB (target ≤ ${TARGET_PEAK_MB} MB)${mark(r.exportPeakRssMb <= TARGET_PEAK_MB)}`);
  if (r.ok === undefined) console.log(`  (targets are judged at ${FULL_SIZE_ROWS.toLocaleString('en-US')} rows)`);
  console.log(`  counts: ${JSON.stringify(r.counts)}`);
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const kind = argument('--child');
  const stageWorkers = argument('--stage-workers') === undefined ? undefined : Number(argument('--stage-workers'));
  if (kind) {
    await child(kind, argument('--file')!);
  } else {
    const rows = Number(argument('--rows') ?? 1_000_000);
    const memoryRows = argument('--memory-rows') === undefined ? undefined : Number(argument('--memory-rows')) || null;
    const repeat = argument('--repeat') === undefined ? undefined : Number(argument('--repeat'));
    const r = await runPipelineBench({ rows, memoryRows, stageWorkers, ...(repeat ? { repeat } : {}) });
    process.exitCode = r.ok === false ? 1 : 0;
  }
}
