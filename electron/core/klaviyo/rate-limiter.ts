/**
 * One rate limiter per Klaviyo account key, shared by all the work running for that key (a sync's
 * import, polling and removals run at once and draw on the same buckets).
 *
 * Per bucket it keeps a sliding log of send times and lets a request go only when no 1 s interval
 * would hold more than `burst` sends and no 60 s interval more than `steady` (plus the daily cap where
 * there is one), with all windows divided by `timeScale`. Waiters are served first come, first served.
 * It runs at the limit rather than under it, and adapts to what Klaviyo says: `RateLimit-*` headers
 * that show another app using the same account, and `Retry-After` on a 429, hold the whole bucket.
 */
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { cancelledError, systemClock, type Clock } from './clock';
import { BUCKETS, type BucketLimits } from './operations';
import {
  countBetween, insertSorted, mergeSorted, minimumDurationMs, nextSlot, type SlidingWindow,
} from './window-math';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** The `RateLimit-*` headers of one response (Klaviyo describes its steady window with them). */
export interface RateLimitHeaders {
  limit: number | null;
  remaining: number | null;
  /** Seconds (emulated, under a time-scaled server) until the window resets. */
  resetSeconds: number | null;
}

export interface RateLimiterOptions {
  buckets?: Readonly<Record<string, BucketLimits>>;
  /** The server's time scale: its windows are this many times shorter than Klaviyo's. */
  timeScale?: number;
  clock?: Clock;
  /**
   * Real milliseconds added to every window. The server counts arrival times, and two requests sent a
   * window apart can arrive closer together when the first is delayed more than the second.
   */
  latencyJitterMs?: number;
  logger?: Logger;
}

export interface BucketStats {
  limits: BucketLimits;
  /** Requests let through. */
  granted: number;
  /** 429s reported for the bucket. */
  throttled: number;
  /** Times Klaviyo's headers showed someone else using the budget. */
  adaptations: number;
  /** Requests waiting right now. */
  waiting: number;
  /** Total and longest time requests waited (real ms). */
  totalWaitMs: number;
  maxWaitMs: number;
  /** When a 429 or a header holds the bucket: real ms from now until it opens again. */
  heldForMs: number;
}

export interface RateLimiter {
  readonly timeScale: number;
  /** Resolves when `bucket` has a free slot (and takes it); rejects with CANCELLED when `signal` aborts. */
  acquire(bucket: string, signal?: AbortSignal): Promise<void>;
  /**
   * Takes a slot in every bucket, in order (one request counting against several buckets). Its send time
   * is recorded in all of them as the moment the last one let it through.
   */
  acquireAll(buckets: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Feeds back the `RateLimit-*` headers of a response to a request sent at `sentAt` (limiter clock; default now). */
  observe(bucket: string, headers: RateLimitHeaders, sentAt?: number): void;
  /** Feeds back a 429: the whole bucket waits `retryAfterSeconds` (emulated seconds; 1 when absent). */
  throttled(bucket: string, retryAfterSeconds: number | null): void;
  /** The limits the bucket works with now (the spec's, lowered if Klaviyo announced lower ones). */
  limits(bucket: string): BucketLimits;
  /** Shortest time (real seconds) the limits allow for `requests` sends on a fresh bucket. */
  estimateSeconds(bucket: string, requests: number): number;
  stats(): Record<string, BucketStats>;
}

interface Waiter {
  enqueuedAt: number;
  grant: (at: number) => void;
  fail: (error: AppError) => void;
}

interface Bucket {
  name: string;
  limits: BucketLimits;
  windows: SlidingWindow[];
  /** Our own send times, ascending. */
  sends: number[];
  /** Sends by someone else on the same account, inferred from headers, ascending. */
  foreign: number[];
  heldUntil: number;
  /** The longest recent round trip (decays), to bound how late a request may have arrived. */
  slowestRttMs: number;
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
  const jitterMs = options.latencyJitterMs ?? 50;
  const logger = options.logger;
  const buckets = new Map<string, Bucket>();

  const scaled = (nominalMs: number) => nominalMs / timeScale;
  // A little slack on every window: 1% of its length (at most 250 ms) plus the latency jitter.
  const withMargin = (nominalMs: number) => scaled(nominalMs) + Math.min(250, scaled(nominalMs) * 0.01) + jitterMs;

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
      sends: [],
      foreign: [],
      heldUntil: -Infinity,
      slowestRttMs: 0,
      waiters: [],
      cancelTimer: null,
      timerAt: Infinity,
      stats: { granted: 0, throttled: 0, adaptations: 0, totalWaitMs: 0, maxWaitMs: 0 },
    };
    buckets.set(name, bucket);
    return bucket;
  }

  function slotAt(bucket: Bucket, now: number): number {
    const log = mergeSorted(bucket.sends, bucket.foreign);
    return Math.max(bucket.heldUntil, nextSlot(log, bucket.windows, now));
  }

  /** Forgets sends too old to matter to any window. */
  function prune(bucket: Bucket, now: number): void {
    const horizon = now - Math.max(...bucket.windows.map((w) => w.lengthMs));
    const drop = (log: number[]) => {
      let n = 0;
      while (n < log.length && (log[n] ?? 0) < horizon) n++;
      if (n > 0) log.splice(0, n);
    };
    drop(bucket.sends);
    drop(bucket.foreign);
  }

  function exhausted(bucket: Bucket, at: number, now: number): AppError {
    const waitMs = at - now;
    const resetsAt = new Date(clock.wallTime() + waitMs).toISOString();
    return new AppError({
      code: 'RATE_LIMITED',
      message: `Klaviyo's limit for this kind of request is used up until ${resetsAt}. The work can continue after that.`,
      details: { bucket: bucket.name, resetsAt, retryAfterSeconds: Math.ceil(waitMs / SECOND), source: 'limiter' },
      action: {
        kind: 'wait_until',
        title: 'Klaviyo limit reached',
        message: 'Klaviyo allows only so many of these requests in a day.',
        steps: [`Resume after ${resetsAt}.`],
        resumeAfter: resetsAt,
      },
    });
  }

  /** Lets through every waiter that fits now, then sets one timer for the next. */
  function pump(bucket: Bucket): void {
    const now = clock.now();
    prune(bucket, now);
    while (bucket.waiters.length > 0) {
      const at = slotAt(bucket, now);
      if (at <= now) {
        const waiter = bucket.waiters.shift() as Waiter;
        insertSorted(bucket.sends, now);
        const waited = now - waiter.enqueuedAt;
        bucket.stats.granted += 1;
        bucket.stats.totalWaitMs += waited;
        bucket.stats.maxWaitMs = Math.max(bucket.stats.maxWaitMs, waited);
        waiter.grant(now);
        continue;
      }
      if (at - now > longestSensibleWaitMs) {
        const error = exhausted(bucket, at, now);
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

  /** Queues for a slot; resolves with the send time recorded in the log. */
  function take(bucket: Bucket, signal: AbortSignal | undefined): Promise<number> {
    if (signal?.aborted) return Promise.reject(cancelledError(signal));
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        const index = bucket.waiters.indexOf(waiter);
        if (index >= 0) bucket.waiters.splice(index, 1);
        reject(cancelledError(signal));
        pump(bucket);
      };
      const waiter: Waiter = {
        enqueuedAt: clock.now(),
        grant: (at) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(at);
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

  /** Moves one recorded send to a later time (the request went out later than its slot was taken). */
  function restamp(bucket: Bucket, from: number, to: number): void {
    if (to <= from) return;
    const index = bucket.sends.lastIndexOf(from);
    if (index >= 0) bucket.sends.splice(index, 1);
    insertSorted(bucket.sends, to);
  }

  return {
    timeScale,

    async acquire(name, signal) {
      await take(bucketOf(name), signal);
    },

    async acquireAll(names, signal) {
      const taken: { bucket: Bucket; at: number }[] = [];
      for (const name of names) {
        const bucket = bucketOf(name);
        taken.push({ bucket, at: await take(bucket, signal) });
      }
      const last = taken.at(-1)?.at ?? clock.now();
      for (const { bucket, at } of taken) restamp(bucket, at, last);
    },

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
      const limit = headers.limit ?? bucket.limits.steady;
      const nominal = scaled(isBurst ? SECOND : MINUTE);
      const windowMs = isBurst ? withMargin(SECOND) : withMargin(MINUTE);
      const now = clock.now();
      const sent = Math.min(sentAt ?? now, now);
      // Klaviyo computed Reset (whole emulated seconds, rounded) when the request arrived, somewhere
      // between its sending and now: so its window began no earlier than this.
      const granularity = scaled(SECOND);
      const earliestStart = sent + scaled(headers.resetSeconds * SECOND) - granularity - nominal;
      const latestReset = now + scaled(headers.resetSeconds * SECOND) + granularity;
      // A request sent a little before the window began may have arrived inside it: allow the longest
      // round trip seen lately. Counting all our sends since then, even those Klaviyo may not have seen
      // yet, makes this a lower bound on someone else's use: our own traffic never triggers a slowdown.
      bucket.slowestRttMs = Math.max(now - sent, bucket.slowestRttMs * 0.98);
      const ours = countBetween(bucket.sends, earliestStart - bucket.slowestRttMs, now);
      // Others' sends already recorded for this window sit near latestReset - windowMs (see below).
      const known = countBetween(bucket.foreign, earliestStart - windowMs + nominal - 2 * granularity, now);
      const unexplained = limit - headers.remaining - ours - known;
      if (unexplained <= 0) return;
      // Record the other app's sends so that they leave our window when Klaviyo's resets, at the latest.
      const stamp = Math.min(now, latestReset - windowMs);
      for (let i = 0; i < unexplained; i++) insertSorted(bucket.foreign, stamp);
      bucket.stats.adaptations += 1;
      logger?.info('Another client is using this Klaviyo rate limit; slowing down', { bucket: name, requests: unexplained });
      if (bucket.waiters.length > 0) pump(bucket);
    },

    throttled(name, retryAfterSeconds) {
      const bucket = bucketOf(name);
      bucket.stats.throttled += 1;
      const seconds = retryAfterSeconds !== null && retryAfterSeconds >= 0 ? retryAfterSeconds : 1;
      bucket.heldUntil = Math.max(bucket.heldUntil, clock.now() + scaled(seconds * SECOND) + jitterMs);
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
          heldForMs: Math.max(0, bucket.heldUntil - now),
        };
      }
      return out;
    },
  };
}
