/**
 * Client benchmark: does the Klaviyo client run AT Klaviyo's rate limits without tripping them?
 *
 * Starts a time-scaled emulator (strict mode on), then pushes more work than the limits allow through
 * ONE client, concurrently on four buckets: member pages (75/s, 750/min), list adds and removes
 * (10/s, 150/min each), and bulk import jobs created and polled (one shared 10/s, 150/min bucket).
 * Per bucket it prints, from the emulator's own arrival log: requests, the span from the first to the
 * last arrival, the achieved rate against the allowed rate (the most requests a 1 s burst window and
 * a 60 s steady window permit in that span, counted as sliding windows), and the 429s.
 * Target: ≥ 0.95 of the allowed rate with zero 429s.
 *
 *   npx tsx test/bench/klaviyo-client.ts [--quick] [--time-scale 10] [--minutes 10]
 */
import { setMaxListeners } from 'node:events';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../klaviyo-emulator/index';
import { createKlaviyoClient, maximumSendsWithin, type KlaviyoClient } from '../../electron/core/klaviyo/index';
import { AppError } from '../../shared/errors';

export interface ClientBenchOptions {
  quick?: boolean;
  /**
   * The emulator's time scale (windows N× shorter). Default 10: the emulator runs in this process, and
   * at ×10 the member-page bucket alone is 125 requests a second of JSON:API work on two shared cores.
   */
  timeScale?: number;
  /**
   * Emulated minutes of load: whole steady windows, the unit the per-minute limits are counted in.
   * Default 10 (60 s real at ×10); quick: 2.
   */
  minutes?: number;
}

export interface BucketResult {
  bucket: string;
  requests: number;
  /** Real seconds from the first to the last arrival. */
  spanSeconds: number;
  /** Requests per emulated minute. */
  achievedPerMinute: number;
  allowedPerMinute: number;
  /** Achieved / allowed over the same span. */
  ratio: number;
  throttled: number;
}

export interface ClientBenchResult {
  timeScale: number;
  /** Real seconds of load. */
  seconds: number;
  buckets: BucketResult[];
  /** Every bucket at ≥ 0.95 of its allowed rate, and not one 429. */
  ok: boolean;
}

const KEY = 'pk_bench_0123456789abcdef0123456789';
const TARGET = 0.95;

/** Runs `step` over and over until the deadline; a cancelled step (deadline hit mid-wait) ends it. */
async function loop(signal: AbortSignal, step: (signal: AbortSignal) => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    try {
      await step(signal);
    } catch (error) {
      if (AppError.is(error, 'CANCELLED')) return;
      throw error;
    }
  }
}

function workers(count: number, signal: AbortSignal, step: (index: number, signal: AbortSignal) => Promise<void>): Promise<void>[] {
  return Array.from({ length: count }, (_, i) => loop(signal, (s) => step(i, s)));
}

/** Member pages: readers walking lists cursor by cursor (each walk is sequential, as a sync's is). */
function readMembers(client: KlaviyoClient, listIds: string[], signal: AbortSignal): Promise<void>[] {
  return workers(listIds.length, signal, async (i, s) => {
    let cursor: string | null = null;
    do {
      const page: { nextCursor: string | null } = await client.listMembersPage(listIds[i] as string, { cursor, pageSize: 10 }, { signal: s });
      cursor = page.nextCursor;
    } while (cursor !== null && !s.aborted);
  });
}

export async function runClientBench(options: ClientBenchOptions = {}): Promise<ClientBenchResult> {
  const timeScale = options.timeScale ?? 10;
  const minutes = options.minutes ?? (options.quick ? 2 : 10);
  const seconds = (minutes * 60) / timeScale;
  const emulator = await startEmulator({
    apiKeys: [{ key: KEY, account: { id: 'BENCH', name: 'Bench' } }],
    timeScale,
    jobSpeed: 50_000,
    queueDelayMs: 500,
    strict: true,
  });
  try {
    const { control } = emulator;
    const seeded = control.seed({
      lists: [
        ...Array.from({ length: 12 }, (_, i) => ({ name: `Read ${i}`, members: 1000 })),
        { name: 'Adds' },
        { name: 'Removes', members: 1000 },
      ],
      profiles: Array.from({ length: 1000 }, (_, i) => ({ email: `add-${i}@example.com` })),
    });
    const readLists = seeded.lists.slice(0, 12).map((l) => l.id);
    const addsList = seeded.lists[12]?.id ?? '';
    const removes = seeded.lists[13];
    const client = createKlaviyoClient({ apiKey: KEY, baseUrl: emulator.url, timeScale });

    const deadline = new AbortController();
    // Every waiting request listens on the one deadline signal.
    setMaxListeners(0, deadline.signal);
    const timer = setTimeout(() => deadline.abort(new AppError({ code: 'CANCELLED', message: 'Bench over.' })), seconds * 1000);
    control.resetStats();
    const started = performance.now();
    let batch = 0;
    await Promise.all([
      ...readMembers(client, readLists, deadline.signal),
      ...workers(12, deadline.signal, async (_i, s) => {
        const start = (batch++ * 50) % 1000;
        await client.addToList(addsList, seeded.profiles.slice(start, start + 50), { signal: s });
      }),
      ...workers(12, deadline.signal, async (i, s) => {
        const start = (i * 50) % 1000;
        await client.removeFromList(removes?.id ?? '', (removes?.memberIds ?? []).slice(start, start + 50), { signal: s });
      }),
      // Job runners: create a small import, then poll it until it is done; creation and polling share a bucket.
      ...workers(12, deadline.signal, async (i, s) => {
        const profiles = Array.from({ length: 20 }, (_, k) => ({ email: `job-${i}-${k}@example.com` }));
        const job = await client.createBulkImportJob({ profiles }, { signal: s });
        await client.waitForBulkImportJob(job.id, { intervalMs: 0 }, { signal: s });
      }),
    ]);
    clearTimeout(timer);
    const elapsed = (performance.now() - started) / 1000;

    const stats = control.stats().accounts.BENCH?.buckets ?? {};
    const names = ['get_profiles_for_list', 'add_profiles_to_list', 'remove_profiles_from_list', 'profile-bulk-import-jobs'];
    const results: BucketResult[] = names.map((bucket) => {
      const view = stats[bucket];
      const arrivals = [...(view?.accepted ?? [])].sort((a, b) => a - b);
      const span = arrivals.length > 1 ? (arrivals.at(-1) as number) - (arrivals[0] as number) : 0;
      const limits = view?.limits ?? { burst: 1, steady: 1 };
      const windows = [
        { limit: limits.burst, lengthMs: 1000 / timeScale },
        { limit: limits.steady, lengthMs: 60_000 / timeScale },
      ];
      const allowed = maximumSendsWithin(windows, span);
      const emulatedMinutes = (span * timeScale) / 60_000;
      return {
        bucket,
        requests: arrivals.length,
        spanSeconds: span / 1000,
        achievedPerMinute: emulatedMinutes > 0 ? arrivals.length / emulatedMinutes : 0,
        allowedPerMinute: emulatedMinutes > 0 ? allowed / emulatedMinutes : 0,
        ratio: allowed > 0 ? arrivals.length / allowed : 0,
        throttled: view?.throttled ?? 0,
      };
    });
    const ok = results.every((r) => r.ratio >= TARGET && r.throttled === 0);

    console.log(`Klaviyo client against the emulator: ×${timeScale} time, ${elapsed.toFixed(1)} s of load (${((elapsed * timeScale) / 60).toFixed(1)} emulated minutes), strict mode`);
    console.log(`${'bucket'.padEnd(28)}${'requests'.padStart(9)}${'span s'.padStart(8)}${'req/min'.padStart(9)}${'allowed'.padStart(9)}${'ratio'.padStart(7)}${'429s'.padStart(6)}`);
    for (const r of results) {
      console.log(`${r.bucket.padEnd(28)}${String(r.requests).padStart(9)}${r.spanSeconds.toFixed(1).padStart(8)}${r.achievedPerMinute.toFixed(0).padStart(9)}${r.allowedPerMinute.toFixed(0).padStart(9)}${r.ratio.toFixed(3).padStart(7)}${String(r.throttled).padStart(6)}`);
    }
    console.log(ok ? `✔ every bucket ≥ ${TARGET} of its allowed rate with zero 429s` : `✖ below ${TARGET} of the allowed rate, or 429s seen`);
    return { timeScale, seconds: elapsed, buckets: results, ok };
  } finally {
    await emulator.close();
  }
}

function argValue(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const timeScale = argValue('--time-scale');
  const minutes = argValue('--minutes');
  const result = await runClientBench({
    quick: process.argv.includes('--quick'),
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
  });
  process.exit(result.ok ? 0 : 1);
}
