/** The rate limiter's contract (its implementation is rate-limiter.ts). */
import type { Logger } from '../log';
import type { Clock } from './clock';
import type { BucketLimits } from './operations';

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
