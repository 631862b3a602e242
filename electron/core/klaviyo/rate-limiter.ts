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
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { cancelledError, systemClock, type Clock } from './clock';
import { BUCKETS, type BucketLimits } from './operations';
import { countBetween, insertSorted, mergeSorted, minimumDurationMs, type SlidingWindow } from './window-math';

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
  /** Real milliseconds added to every window, for timer and clock rounding. Default 1. */
  marginMs?: number;
  logger?: Logger;
}

/** A slot taken in one or more buckets; `done()` when the answer (or the failure) came back. */
export interface Permit {
  done(): void;
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
  /** Requests let through and not answered yet. */
  inFlight: number;
  /** Total and longest time requests waited (real ms). */
  totalWaitMs: number;
  maxWaitMs: number;
  /** When a 429 or a header holds the bucket: real ms from now until it opens again. */
  heldForMs: number;
}

export interface RateLimiter {
  readonly timeScale: number;
  /**
   * Resolves when `bucket` has room, taking a slot; rejects with CANCELLED when `signal` aborts. Call
   * the permit's `done()` once the request's answer (or failure) is in: until then it counts as
   * possibly arriving at any moment.
   */
  acquire(bucket: string, signal?: AbortSignal): Promise<Permit>;
  /** Takes a slot in every bucket, in order (one request counting against several buckets). */
  acquireAll(buckets: readonly string[], signal?: AbortSignal): Promise<Permit>;
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
      // Ours that Klaviyo may have counted: every request answered since then (an arrival comes before
      // its answer) and every one still unanswered. An upper bound, so what is left is a lower bound on
      // someone else's use: our own traffic never triggers a slowdown.
      const ours = countBetween(bucket.settled, earliestStart) + bucket.inFlight;
      // Others' requests already recorded for this window sit near latestReset - windowMs (see below).
      const known = countBetween(bucket.foreign, earliestStart - windowMs + nominal - 2 * granularity);
      const unexplained = limit - headers.remaining - ours - known;
      if (unexplained <= 0) return;
      // Record them so that they leave our windows when Klaviyo's resets, at the latest.
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
