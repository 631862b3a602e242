/**
 * History benchmark: "fast on 1,000 runs and 10 million row records". Generates that history into a
 * temp database (SQL-side bulk insert with the secondary indexes built afterwards, as a real history
 * grows them), then times each query the UI and the command line make, through the history module
 * itself: the runs list, a run's detail, a big run's rows (first page, deep page, fate filter, search),
 * a person across all runs, a list's size over time, alerts, the run-log export and retention.
 *
 *   npx tsx test/bench/history.ts [--quick] [--runs 1000] [--rows 10000000] [--big-run-rows 1000000]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEventHub } from '../../electron/core/events';
import { createLogger } from '../../electron/core/log';
import { openDatabase } from '../../electron/core/store/open-database';
import { createSettingsRepo } from '../../electron/core/store/settings-repo';
import { createHistoryService, type HistoryService } from '../../electron/core/history/history-service';

export interface HistoryBenchOptions {
  quick?: boolean;
  runs?: number;
  rows?: number;
  bigRunRows?: number;
}

export interface GeneratedHistory {
  dataDir: string;
  bigRunId: string;
  bigListId: string;
  runs: number;
  rows: number;
  seconds: number;
  bytes: number;
}

/** Lists the runs go to; the first is the one with the million-row run. */
const LIST_NAMES = ['Newsletter', 'VIP customers', 'Winback 90d', 'Spring launch', 'Loyalty gold', 'Store openings',
  'Abandoned carts', 'Webinar attendees', 'EU customers', 'SMS subscribers', 'B2B contacts', 'Beta testers',
  'Holiday 2024', 'Holiday 2025', 'Lapsed buyers', 'New signups', 'High value', 'Referral program', 'Survey panel', 'Staff'];
const PEOPLE = 2_000_000;
/** The person findPerson looks up: in every 20th run. */
export const JANE = { email: 'jane@example.com', phone: '+12065550100', externalId: 'JANE-1' };

/**
 * Builds the history: runs in JS (1,000 rows), run_rows in SQL with a recursive CTE per run (no
 * per-row round trip through JS), secondary indexes dropped during the load and recreated from their
 * own DDL, so the schema benchmarked is exactly the app's.
 */
export function generateHistory(options: { runs: number; rows: number; bigRunRows: number }): GeneratedHistory {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'history-bench-'));
  openDatabase({ dataDir }).close();
  const db = new Database(join(dataDir, 'history.sqlite'));
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'run_rows' AND sql IS NOT NULL`)
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);

  const now = Date.now();
  const span = 730 * 86_400_000;
  const otherRows = Math.floor((options.rows - options.bigRunRows) / Math.max(1, options.runs - 1));
  const insertRun = db.prepare(`INSERT INTO runs (id, kind, status, created_at, started_at, finished_at,
      credential_id, credential_name, account_id, account_name, list_id, list_name,
      file_path, file_name, file_size, file_sha256, mode, content, mapping_json, plan_json, estimate_seconds, actual_seconds,
      action_json, last_error_json)
    VALUES (?, 'sync', ?, ?, ?, ?, 'cred-1', 'Main store', 'ACC1', 'Acme', ?, ?, ?, ?, ?, ?, ?, 'identifiers', ?, ?, ?, ?, ?, ?)`);
  // Fates by a multiplicative hash of (run, seq). As the engine stages them, seq is the file line (from
  // 2, after the header) and the members removed (no line) follow the last line. `gap` skips a line
  // every so often (a blank line or a multi-line record), which makes seq sparse.
  const insertRows = db.prepare(`
    WITH RECURSIVE p(count, salt, gap, kept) AS (SELECT CAST(:count AS INTEGER), CAST(:salt AS INTEGER), CAST(:gap AS INTEGER),
      CAST(:count AS INTEGER) * 97 / 100),
    s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s, p WHERE n < p.count),
    h AS (SELECT n, (n * 2654435761 + salt * 40503) % 1000 AS f, (n * 7919 + salt * 104729) % ${PEOPLE} AS k,
      n > kept AS gone, n + 1 + n / gap AS line, kept + 1 + kept / gap + (n - kept) AS removed_seq FROM s, p)
    INSERT INTO run_rows (run_id, seq, line, fate, planned, email, phone, external_id, profile_id, reason, duplicate_of, batch_id, values_json)
    SELECT :run, CASE WHEN gone THEN removed_seq ELSE line END,
      CASE WHEN gone THEN NULL ELSE line END,
      CASE WHEN gone THEN 'removed' WHEN f < 100 THEN 'added' WHEN f < 150 THEN 'updated' WHEN f < 880 THEN 'unchanged'
        WHEN f < 910 THEN 'rejected' WHEN f < 940 THEN 'duplicate' WHEN f < 950 THEN 'failed' ELSE 'unchanged' END,
      CASE WHEN gone THEN 'remove' WHEN f < 100 THEN 'add' WHEN f < 150 THEN 'update' WHEN f < 880 OR f >= 950 THEN 'unchanged' ELSE NULL END,
      CASE WHEN k % 10 <> 0 THEN 'p' || k || '@example.com' END,
      CASE WHEN k % 5 < 3 THEN '+1' || (2000000000 + k * 3) END,
      CASE WHEN k % 2 = 0 THEN 'EXT-' || k END,
      CASE WHEN f BETWEEN 880 AND 939 THEN NULL ELSE '01J' || printf('%023d', k) END,
      CASE WHEN f BETWEEN 880 AND 909 AND NOT gone THEN 'invalid_email: "p' || k || '@@example" is not an email address'
        WHEN f BETWEEN 910 AND 939 AND NOT gone THEN 'same email as line ' || (line - 1)
        WHEN f BETWEEN 940 AND 949 AND NOT gone THEN 'Klaviyo refused this profile: Invalid phone number' END,
      CASE WHEN f BETWEEN 910 AND 939 AND NOT gone THEN line - 1 END,
      CASE WHEN f < 150 OR gone THEN n / 10000 END,
      CASE WHEN f BETWEEN 880 AND 909 AND NOT gone THEN '["p' || k || '@@example","Ann","Lee"]' END
    FROM h`);
  const markJane = db.prepare(`UPDATE run_rows SET email = ?, phone = ?, external_id = ?, fate = 'added', reason = NULL, duplicate_of = NULL
    WHERE run_id = ? AND seq = 3`);

  const ids: string[] = [];
  let bigRunId = '';
  db.transaction(() => {
    for (let r = 0; r < options.runs; r++) {
      const id = `run-${String(r).padStart(5, '0')}-${(r * 2654435761 % 0xffffffff).toString(16)}`;
      const big = r === options.runs - 1;
      if (big) bigRunId = id;
      const listIndex = big ? 0 : r % LIST_NAMES.length;
      const createdAt = new Date(now - span + Math.floor((span * r) / options.runs)).toISOString();
      const finishedAt = new Date(Date.parse(createdAt) + 600_000).toISOString();
      const status = big ? 'completed' : r % 50 === 7 ? 'failed' : r % 50 === 13 ? 'paused' : r % 50 === 21 ? 'cancelled' : 'completed';
      const action = status === 'paused' || status === 'failed'
        ? JSON.stringify({ kind: 'replace_key', title: 'Replace the API key', message: 'Klaviyo refused the key.', steps: ['Replace the key.', 'Resume.'] })
        : null;
      const estimate = { seconds: 600, phases: [{ phase: 'import', requests: 100, seconds: 600, basis: '100 jobs at 10/s' }] };
      insertRun.run(id, status, createdAt, createdAt, status === 'paused' ? null : finishedAt,
        `L${listIndex}`, LIST_NAMES[listIndex] ?? 'List', `/Users/ann/Exports/customers-${r}.csv`, `customers-${r}.csv`,
        1_000_000 + r, 'ab'.repeat(32), r % 3 === 0 ? 'mirror' : 'add',
        JSON.stringify({ defaultRegion: 'US', columns: [{ index: 0, header: 'Email', target: { kind: 'email' } }] }),
        JSON.stringify({ estimate }), 600, 640, action,
        action ? JSON.stringify({ code: 'INVALID_CREDENTIALS', message: 'Klaviyo refused the key.' }) : null);
      // The big run has gaps (the slower, sparse case for paging); the others are dense.
      insertRows.run({ run: id, count: big ? options.bigRunRows : otherRows, salt: r, gap: big ? 4_999 : 1_000_000_000 });
      if (r % 20 === 0) markJane.run(JANE.email, JANE.phone, JANE.externalId, id);
      ids.push(id);
    }
  })();

  // Counts and list sizes as the engine's finalize step would leave them.
  db.exec(`UPDATE runs SET total = c.total, added = c.added, updated = c.updated, removed = c.removed,
      unchanged = c.unchanged, rejected = c.rejected, duplicates = c.duplicates, failed = c.failed
    FROM (SELECT run_id, sum(line IS NOT NULL) AS total, sum(fate = 'added') AS added, sum(fate = 'updated') AS updated,
      sum(fate = 'removed') AS removed, sum(fate = 'unchanged') AS unchanged, sum(fate = 'rejected') AS rejected,
      sum(fate = 'duplicate') AS duplicates, sum(fate = 'failed') AS failed FROM run_rows GROUP BY run_id) AS c
    WHERE c.run_id = runs.id`);
  const sizes = new Map<string, number>();
  const setSize = db.prepare('UPDATE runs SET list_size_before = ?, list_size_after = ? WHERE id = ?');
  const runsInOrder = db.prepare(`SELECT id, list_id, added, removed, status FROM runs ORDER BY created_at`).all() as
    Array<{ id: string; list_id: string; added: number; removed: number; status: string }>;
  db.transaction(() => {
    for (const run of runsInOrder) {
      const before = sizes.get(run.list_id) ?? 5_000;
      const after = run.status === 'completed' ? before + run.added - run.removed : null;
      setSize.run(before, after, run.id);
      if (after !== null) sizes.set(run.list_id, after);
    }
  })();

  for (const index of indexes) db.exec(index.sql);
  db.pragma('journal_mode = WAL');
  db.close();
  const bytes = statSync(join(dataDir, 'history.sqlite')).size;
  return {
    dataDir, bigRunId, bigListId: 'L0', runs: options.runs, rows: otherRows * (options.runs - 1) + options.bigRunRows,
    seconds: (performance.now() - started) / 1000, bytes,
  };
}

interface Timing {
  label: string;
  /** The first call: cold statement cache and, for rows, the count of the view. */
  firstMs: number;
  /** Median of the repeats. */
  medianMs: number;
  note: string;
}

function timeIt(label: string, work: () => unknown, repeats = 5, note = ''): Timing {
  let started = performance.now();
  work();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, firstMs, medianMs: times[Math.floor(times.length / 2)] ?? firstMs, note };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

export async function runHistoryBench(options: HistoryBenchOptions = {}): Promise<Record<string, unknown>> {
  const quick = options.quick ?? false;
  const config = {
    runs: options.runs ?? (quick ? 200 : 1_000),
    rows: options.rows ?? (quick ? 1_000_000 : 10_000_000),
    bigRunRows: options.bigRunRows ?? (quick ? 200_000 : 1_000_000),
  };
  console.log(`generating ${config.runs.toLocaleString('en-US')} runs / ${config.rows.toLocaleString('en-US')} row records `
    + `(one run of ${config.bigRunRows.toLocaleString('en-US')})…`);
  const generated = generateHistory(config);
  console.log(`  ${generated.seconds.toFixed(1)} s, ${(generated.bytes / 2 ** 20).toFixed(0)} MB`);

  const store = openDatabase({ dataDir: generated.dataDir });
  const settings = createSettingsRepo(store);
  const events = createEventHub();
  const logger = createLogger({ level: 'error' });
  const open = (): HistoryService => createHistoryService({ store, events, settings: () => settings.get(), logger, retentionAfterRuns: false });
  const services: HistoryService[] = [];
  const track = (service: HistoryService) => {
    services.push(service);
    return service;
  };
  let history = track(open());
  const big = generated.bigRunId;
  const deep = Math.floor(config.bigRunRows * 0.9);
  const timings: Timing[] = [];
  try {
    timings.push(timeIt('runs: first page', () => history.listRuns({ limit: 50, offset: 0 })));
    timings.push(timeIt('runs: one list', () => history.listRuns({ listId: 'L3', limit: 50, offset: 0 })));
    timings.push(timeIt('runs: failed only', () => history.listRuns({ status: 'failed', limit: 50, offset: 0 })));
    timings.push(timeIt('runs: search "vip"', () => history.listRuns({ search: 'vip', limit: 50, offset: 0 })));
    timings.push(timeIt('runs: page 10', () => history.listRuns({ limit: 50, offset: 450 })));
    timings.push(timeIt('run detail', () => history.getRun(big)));

    timings.push(timeIt('rows: first page', () => history.listRunRows({ runId: big, offset: 0, limit: 100 })));
    timings.push(timeIt(`rows: page at ${deep.toLocaleString('en-US')}`, () => history.listRunRows({ runId: big, offset: deep, limit: 100 })));
    const naive = store.prepare`SELECT seq, line, fate, email, phone, external_id, profile_id, reason, duplicate_of
      FROM run_rows WHERE run_id = ? ORDER BY seq LIMIT 100 OFFSET ?`;
    timings.push(timeIt(`  reference: plain OFFSET ${deep.toLocaleString('en-US')}`, () => naive.all(big, deep), 5, 'what keyset avoids'));
    let page = deep;
    timings.push(timeIt('rows: scrolling deep, per page', () => {
      page += 100;
      history.listRunRows({ runId: big, offset: page, limit: 100 });
    }, 20));
    let jump = 7;
    timings.push(timeIt('rows: random jumps, per page', () => {
      jump = (jump * 7919 + 104729) % config.bigRunRows;
      history.listRunRows({ runId: big, offset: jump, limit: 100 });
    }, 20));
    const unchanged = history.listRunRows({ runId: big, fate: 'unchanged', offset: 0, limit: 1 }).total;
    history = track(open());
    timings.push(timeIt('fate "unchanged": first page', () => history.listRunRows({ runId: big, fate: 'unchanged', offset: 0, limit: 100 })));
    let fateJump = 11;
    timings.push(timeIt('fate "unchanged": random jumps', () => {
      fateJump = (fateJump * 7919 + 104729) % unchanged;
      history.listRunRows({ runId: big, fate: 'unchanged', offset: fateJump, limit: 100 });
    }, 20, 'the first jump walks the (run, fate, seq) index'));
    const failed = history.listRunRows({ runId: big, fate: 'failed', offset: 0, limit: 1 }).total;
    timings.push(timeIt('fate "failed": last page', () => history.listRunRows({ runId: big, fate: 'failed', offset: Math.max(0, failed - 100), limit: 100 })));
    history = track(open());
    const someone = store.prepare`SELECT email FROM run_rows WHERE run_id = ? AND email IS NOT NULL ORDER BY seq LIMIT 1 OFFSET ?`
      .get<{ email: string }>(big, Math.floor(deep / 2))?.email ?? 'nobody@example.com';
    const found = history.listRunRows({ runId: big, search: someone, offset: 0, limit: 100 }).total;
    timings.push(timeIt(`rows: search a full email (${found} found)`, () => history.listRunRows({ runId: big, search: someone, offset: 0, limit: 100 })));
    const prefix = someone.slice(0, 5);
    const prefixHits = history.listRunRows({ runId: big, search: prefix, offset: 0, limit: 100 }).total;
    history = track(open());
    timings.push(timeIt(`rows: search "${prefix}" (${prefixHits} found)`, () => history.listRunRows({ runId: big, search: prefix, offset: 0, limit: 100 })));
    timings.push(timeIt('rows: search a line number', () => history.listRunRows({ runId: big, search: String(deep + 2), offset: 0, limit: 100 })));

    const person = history.findPerson(JANE.email).events.length;
    timings.push(timeIt(`person by email (${person} events)`, () => history.findPerson(JANE.email)));
    timings.push(timeIt('person by phone', () => history.findPerson('(206) 555-0100')));
    timings.push(timeIt('person by external id', () => history.findPerson(JANE.externalId)));
    timings.push(timeIt('list sizes', () => history.getListSizes(generated.bigListId)));
    timings.push(timeIt('alerts', () => history.listAlerts()));

    const exportDir = mkdtempSync(join(tmpdir(), 'history-bench-log-'));
    let started = performance.now();
    const exported = await history.exportRunLog({ runId: big, path: join(exportDir, 'big.csv') });
    const exportSeconds = (performance.now() - started) / 1000;
    const exportBytes = statSync(exported.path).size;
    rmSync(exportDir, { recursive: true, force: true });

    // Retention: clear the oldest tenth of the runs (about a tenth of the rows).
    const cutoffRun = store.prepare`SELECT created_at FROM runs ORDER BY created_at LIMIT 1 OFFSET ?`
      .get<{ created_at: string }>(Math.floor(config.runs / 10));
    const days = Math.ceil((Date.now() - Date.parse(cutoffRun?.created_at ?? new Date().toISOString())) / 86_400_000) - 1;
    settings.update({ rowRetentionDays: days });
    // The sweep runs in its worker thread (the app's default); meanwhile this thread keeps answering
    // UI queries: the worst wait of a query issued every 20 ms is what a person could notice.
    let worstQueryMs = 0;
    let probes = 0;
    const probe = setInterval(() => {
      const asked = performance.now();
      history.listRuns({ limit: 50, offset: 0 });
      history.listRunRows({ runId: big, offset: (probes * 7919) % config.bigRunRows, limit: 100 });
      worstQueryMs = Math.max(worstQueryMs, performance.now() - asked);
      probes += 1;
    }, 20);
    started = performance.now();
    const purged = await history.applyRetention().finally(() => clearInterval(probe));
    const purgeSeconds = (performance.now() - started) / 1000;

    console.log('');
    const width = Math.max(...timings.map((t) => t.label.length));
    console.log(`${'query'.padEnd(width)}  ${'first'.padStart(9)}  ${'median'.padStart(9)}`);
    for (const t of timings) console.log(`${t.label.padEnd(width)}  ${ms(t.firstMs).padStart(9)}  ${ms(t.medianMs).padStart(9)}  ${t.note}`);
    const first = timings.find((t) => t.label === 'rows: first page')?.medianMs ?? 0;
    const deepPage = timings.find((t) => t.label.startsWith('rows: page at'))?.medianMs ?? 0;
    const reference = timings.find((t) => t.label.includes('reference'))?.medianMs ?? 0;
    console.log('');
    console.log(`deep page / first page: ${(deepPage / first).toFixed(1)}×   plain OFFSET / keyset deep page: ${(reference / deepPage).toFixed(0)}×`);
    console.log(`run-log export: ${exported.rows.toLocaleString('en-US')} rows in ${exportSeconds.toFixed(1)} s `
      + `(${Math.round(exported.rows / exportSeconds).toLocaleString('en-US')} rows/s, ${(exportBytes / 2 ** 20).toFixed(0)} MB)`);
    console.log(`retention: ${purged.runs} runs, ${purged.rows.toLocaleString('en-US')} rows cleared in ${purgeSeconds.toFixed(1)} s `
      + `(${Math.round(purged.rows / purgeSeconds).toLocaleString('en-US')} rows/s) in a worker thread; its longest transaction ${ms(purged.longestChunkMs)};`
      + ` meanwhile the slowest of ${probes} UI queries on the main thread took ${ms(worstQueryMs)}`);
    return {
      config, generateSeconds: generated.seconds, databaseBytes: generated.bytes,
      timings: Object.fromEntries(timings.map((t) => [t.label.trim(), { firstMs: t.firstMs, medianMs: t.medianMs }])),
      deepOverFirst: deepPage / first, offsetOverKeyset: reference / deepPage,
      export: { rows: exported.rows, seconds: exportSeconds, bytes: exportBytes },
      retention: { ...purged, seconds: purgeSeconds, worstQueryMsDuringSweep: worstQueryMs, probes },
    };
  } finally {
    for (const service of services) await service.close();
    store.close();
    rmSync(generated.dataDir, { recursive: true, force: true });
  }
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runHistoryBench({
    quick: process.argv.includes('--quick'),
    ...(argument('--runs') !== undefined ? { runs: argument('--runs') } : {}),
    ...(argument('--rows') !== undefined ? { rows: argument('--rows') } : {}),
    ...(argument('--big-run-rows') !== undefined ? { bigRunRows: argument('--big-run-rows') } : {}),
  });
}
