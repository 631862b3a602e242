/**
 * One rate limiter per Klaviyo account key, shared by all the work running for that key (a sync's
 * import, polling and removals run at once and draw on the same buckets).
 *
 * Klaviyo counts a request when it arrives, and all we know of that moment is that it falls between
 * our sending and its answer. So each request holds its place in a bucket from the moment it is let
 * through until a window's length after its answer came back: a request goes only when, for every
 * window, fewer than `limit` of ours are still unanswered or were answered within the window's length.
 * Then no interval of that length can ever hold more than `limit` arrivals, whatever the latency and
 * however the server aligns its fixed windows (the sliding rule implies the fixed one). Windows are
 * 1 s (burst), 60 s (steady) and a day (the daily cap), divided by `timeScale`. Waiters are served first
 * come, first served. It runs at the limit rather than under it, and adapts to what Klaviyo says:
 * `RateLimit-*` headers that show another client using the same account, and `Retry-After` on a 429,
 * hold the whole bucket.
 */
import type { AppError } from '../../../shared/errors';
import { cancelledError, systemClock } from './clock';
import { limitExhausted } from './error-mapping';
import { unexplainedUse } from './foreign-use';
import { BUCKETS, type BucketLimits } from './operations';
import type { BucketStats, Permit, RateLimiter, RateLimiterOptions } from './limiter-types';
import { insertSorted, mergeSorted, minimumDurationMs, type SlidingWindow } from './window-math';

export type { BucketStats, Permit, RateLimiter, RateLimiterOptions, RateLimitHeaders } from './limiter-types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

interface Waiter {
  enqueuedAt: number;
  grant: () => void;
  fail: (error: AppError) => void;
}

interface Bucket {
  name: string;
  limits: BucketLimits;
  windows: SlidingWindow[];
  /** When our answered requests were answered, ascending. */
  settled: number[];
  /** Sends by someone else on the same account, inferred from headers, ascending. */
  foreign: number[];
  inFlight: number;
  heldUntil: number;
  waiters: Waiter[];
  cancelTimer: (() => void) | null;
  timerAt: number;
  stats: { granted: number; throttled: number; adaptations: number; totalWaitMs: number; maxWaitMs: number };
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const table: Readonly<Record<string, BucketLimits>> = options.buckets ?? BUCKETS;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError('timeScale must be a positive number');
  const clock = options.clock ?? systemClock;
  const marginMs = options.marginMs ?? 1;
  const logger = options.logger;
  const buckets = new Map<string, Bucket>();

  const scaled = (nominalMs: number) => nominalMs / timeScale;
  // A little slack on every window: 0.5% of its length (at most 100 ms) plus the fixed margin.
  const withMargin = (nominalMs: number) => scaled(nominalMs) + Math.min(100, scaled(nominalMs) * 0.005) + marginMs;

  function windowsOf(limits: BucketLimits): SlidingWindow[] {
    const windows = [
      { limit: limits.burst, lengthMs: withMargin(SECOND) },
      { limit: limits.steady, lengthMs: withMargin(MINUTE) },
    ];
    if (limits.daily !== undefined) windows.push({ limit: limits.daily, lengthMs: withMargin(DAY) });
    return windows;
  }

  /** A wait longer than one steady window means a daily cap or a long hold: report it, don't sleep on it. */
  const longestSensibleWaitMs = withMargin(MINUTE) + withMargin(SECOND);

  function bucketOf(name: string): Bucket {
    let bucket = buckets.get(name);
    if (bucket) return bucket;
    const limits = table[name];
    if (!limits) throw new Error(`Unknown rate-limit bucket: ${name}`);
    bucket = {
      name,
      limits: { ...limits },
      windows: windowsOf(limits),
      settled: [],
      foreign: [],
      inFlight: 0,
      heldUntil: -Infinity,
      waiters: [],
      cancelTimer: null,
      timerAt: Infinity,
      stats: { granted: 0, throttled: 0, adaptations: 0, totalWaitMs: 0, maxWaitMs: 0 },
    };
    buckets.set(name, bucket);
    return bucket;
  }

  /**
   * When the next request may go: every window needs fewer than `limit` requests that are unanswered
   * or were answered less than its length ago. Infinity: only an answer can free a slot.
   */
  function slotAt(bucket: Bucket, now: number): number {
    const log = mergeSorted(bucket.settled, bucket.foreign);
    let at = Math.max(now, bucket.heldUntil);
    for (const { limit, lengthMs } of bucket.windows) {
      const room = limit - bucket.inFlight;
      if (room <= 0) return Infinity;
      if (log.length < room) continue;
      at = Math.max(at, (log[log.length - room] as number) + lengthMs);
    }
    return at;
  }

  /** Forgets answers too old to matter to any window. */
  function prune(bucket: Bucket, now: number): void {
    const horizon = now - Math.max(...bucket.windows.map((w) => w.lengthMs));
    const drop = (log: number[]) => {
      let n = 0;
      while (n < log.length && (log[n] as number) < horizon) n++;
      if (n > 0) log.splice(0, n);
    };
    drop(bucket.settled);
    drop(bucket.foreign);
  }

  /** Lets through every waiter that fits now, then sets one timer for the next (or waits for an answer). */
  function pump(bucket: Bucket): void {
    const now = clock.now();
    prune(bucket, now);
    while (bucket.waiters.length > 0) {
      const at = slotAt(bucket, now);
      if (at <= now) {
        const waiter = bucket.waiters.shift() as Waiter;
        bucket.inFlight += 1;
        const waited = now - waiter.enqueuedAt;
        bucket.stats.granted += 1;
        bucket.stats.totalWaitMs += waited;
        bucket.stats.maxWaitMs = Math.max(bucket.stats.maxWaitMs, waited);
        waiter.grant();
        continue;
      }
      if (at === Infinity) break;
      if (at - now > longestSensibleWaitMs) {
        const error = limitExhausted(bucket.name, at - now, clock.wallTime());
        for (const waiter of bucket.waiters.splice(0)) waiter.fail(error);
        break;
      }
      schedule(bucket, at);
      return;
    }
    clearTimer(bucket);
  }

  function schedule(bucket: Bucket, at: number): void {
    if (bucket.cancelTimer && bucket.timerAt === at) return;
    clearTimer(bucket);
    bucket.timerAt = at;
    bucket.cancelTimer = clock.setTimer(() => {
      bucket.cancelTimer = null;
      bucket.timerAt = Infinity;
      pump(bucket);
    }, at - clock.now());
  }

  function clearTimer(bucket: Bucket): void {
    bucket.cancelTimer?.();
    bucket.cancelTimer = null;
    bucket.timerAt = Infinity;
  }

  /** Ends a slot: answered (counts from now on) or never sent (forgotten). */
  function release(bucket: Bucket, sent: boolean): void {
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
    if (sent) insertSorted(bucket.settled, clock.now());
    if (bucket.waiters.length > 0) pump(bucket);
  }

  /** Queues for a slot in one bucket. */
  function take(bucket: Bucket, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = bucket.waiters.indexOf(waiter);
        if (index >= 0) bucket.waiters.splice(index, 1);
        reject(cancelledError(signal));
        pump(bucket);
      };
      const waiter: Waiter = {
        enqueuedAt: clock.now(),
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      bucket.waiters.push(waiter);
      // Only the head can be let through; later arrivals never overtake it.
      if (bucket.waiters.length === 1) pump(bucket);
    });
  }

  async function acquireAll(names: readonly string[], signal?: AbortSignal): Promise<Permit> {
    const taken: Bucket[] = [];
    try {
      // A slot held while waiting for the next bucket counts as unanswered: that is only cautious.
      for (const name of names) {
        const bucket = bucketOf(name);
        await take(bucket, signal);
        taken.push(bucket);
      }
    } catch (error) {
      for (const bucket of taken) release(bucket, false);
      throw error;
    }
    let open = true;
    return {
      done() {
        if (!open) return;
        open = false;
        for (const bucket of taken) release(bucket, true);
      },
    };
  }

  return {
    timeScale,

    acquire: (name, signal) => acquireAll([name], signal),
    acquireAll,

    observe(name, headers, sentAt) {
      const bucket = bucketOf(name);
      if (headers.limit !== null && headers.limit > 0 && headers.limit < bucket.limits.steady && headers.limit !== bucket.limits.burst) {
        // Klaviyo's steady limit for this account is lower than the spec's: believe Klaviyo.
        logger?.info('Klaviyo reports a lower steady limit than the spec', { bucket: name, spec: bucket.limits.steady, server: headers.limit });
        bucket.limits.steady = headers.limit;
        bucket.windows = windowsOf(bucket.limits);
        bucket.stats.adaptations += 1;
      }
      if (headers.remaining === null || headers.resetSeconds === null) return;
      // The headers describe the steady window unless their limit is the burst one.
      const isBurst = headers.limit !== null && headers.limit === bucket.limits.burst && headers.limit !== bucket.limits.steady;
      const now = clock.now();
      const found = unexplainedUse({
        limit: headers.limit ?? bucket.limits.steady,
        remaining: headers.remaining,
        resetSeconds: headers.resetSeconds,
        nominalMs: scaled(isBurst ? SECOND : MINUTE),
        windowMs: isBurst ? withMargin(SECOND) : withMargin(MINUTE),
        secondMs: scaled(SECOND),
        sentAt: sentAt ?? now,
        now,
        settled: bucket.settled,
        inFlight: bucket.inFlight,
        foreign: bucket.foreign,
      });
      if (!found) return;
      for (let i = 0; i < found.count; i++) insertSorted(bucket.foreign, found.stamp);
      bucket.stats.adaptations += 1;
      logger?.info('Another client is using this Klaviyo rate limit; slowing down', { bucket: name, requests: found.count });
      if (bucket.waiters.length > 0) pump(bucket);
    },

    throttled(name, retryAfterSeconds) {
      const bucket = bucketOf(name);
      bucket.stats.throttled += 1;
      const seconds = retryAfterSeconds !== null && retryAfterSeconds >= 0 ? retryAfterSeconds : 1;
      bucket.heldUntil = Math.max(bucket.heldUntil, clock.now() + scaled(seconds * SECOND) + marginMs);
      if (bucket.waiters.length > 0) pump(bucket);
    },

    limits(name) {
      return { ...bucketOf(name).limits };
    },

    estimateSeconds(name, requests) {
      return minimumDurationMs(bucketOf(name).windows, Math.max(0, Math.ceil(requests))) / SECOND;
    },

    stats() {
      const now = clock.now();
      const out: Record<string, BucketStats> = {};
      for (const [name, bucket] of buckets) {
        out[name] = {
          limits: { ...bucket.limits },
          ...bucket.stats,
          waiting: bucket.waiters.length,
          inFlight: bucket.inFlight,
          heldForMs: Math.max(0, bucket.heldUntil - now),
        };
      }
      return out;
    },
  };
}
