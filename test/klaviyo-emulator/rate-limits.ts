/**
 * Klaviyo's rate limits, per account and bucket, with fixed windows: a 1 s burst window, a 60 s
 * steady window and, for list creation, a daily window. Each window opens at the first request
 * after the previous one ended; a request is accepted only when every window of every bucket it
 * uses has room (docs "Rate limits, status codes, and errors"; API-NOTES §4).
 *
 * Under a time scale N the windows are N× shorter while the limits stay the same, and every
 * number of seconds we send (RateLimit-Reset, Retry-After) is in emulated seconds, rounded up:
 * what Klaviyo would have said. A client divides by the same N.
 */
import type { SpecOperation } from './spec';

export interface BucketSpec {
  name: string;
  burst: number;
  steady: number;
  daily?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** Operations that share one bucket (the spec gives them one limit; the brief makes it one pool). */
const SHARED_BUCKETS: Record<string, string> = {
  bulk_import_profiles: 'profile-bulk-import-jobs',
  get_bulk_import_profiles_jobs: 'profile-bulk-import-jobs',
  get_bulk_import_profiles_job: 'profile-bulk-import-jobs',
  get_errors_for_bulk_import_profiles_job: 'profile-bulk-import-jobs',
  get_list_for_bulk_import_profiles_job: 'profile-bulk-import-jobs',
  get_list_ids_for_bulk_import_profiles_job: 'profile-bulk-import-jobs',
  get_profiles_for_bulk_import_profiles_job: 'profile-bulk-import-jobs',
  get_profile_ids_for_bulk_import_profiles_job: 'profile-bulk-import-jobs',
};

interface ParamBucket {
  operations: string[];
  parameter: string;
  value: string;
  burst: number;
  steady: number;
}

/**
 * Query parameters that consume an extra, stricter bucket on top of the endpoint's own
 * (operation descriptions in the spec: "Rate limits when using the `…` parameter").
 */
export const PARAM_BUCKETS: ParamBucket[] = [
  { operations: ['get_list'], parameter: 'additional-fields[list]', value: 'profile_count', burst: 1, steady: 15 },
  {
    operations: ['get_profiles_for_list', 'get_profile_ids_for_list', 'get_profiles', 'get_profile'],
    parameter: 'additional-fields[profile]', value: 'predictive_analytics', burst: 10, steady: 150,
  },
  { operations: ['get_profile'], parameter: 'include', value: 'lists', burst: 1, steady: 15 },
  { operations: ['get_profile'], parameter: 'include', value: 'segments', burst: 1, steady: 15 },
];

/** Parses "75/s", "750/m", "150/d" into a count, checking the unit is the one expected. */
export function parseLimit(text: string, unit: 's' | 'm' | 'd'): number {
  const m = /^(\d+)\/([smd])$/.exec(text);
  if (!m || m[2] !== unit) throw new Error(`unexpected rate limit "${text}" (want n/${unit})`);
  return Number(m[1]);
}

export function bucketName(op: SpecOperation): string {
  return SHARED_BUCKETS[op.id] ?? op.id;
}

/** The buckets a request consumes: the endpoint's, plus any stricter parameter bucket. */
export function bucketsFor(op: SpecOperation, query: URLSearchParams): BucketSpec[] {
  const main: BucketSpec = {
    name: bucketName(op),
    burst: parseLimit(op.rateLimit.burst, 's'),
    steady: parseLimit(op.rateLimit.steady, 'm'),
    ...(op.rateLimit.daily ? { daily: parseLimit(op.rateLimit.daily, 'd') } : {}),
  };
  const buckets = [main];
  for (const extra of PARAM_BUCKETS) {
    if (!extra.operations.includes(op.id)) continue;
    const values = query.getAll(extra.parameter).flatMap((v) => v.split(','));
    if (values.includes(extra.value)) {
      buckets.push({ name: `${op.id}+${extra.value}`, burst: extra.burst, steady: extra.steady });
    }
  }
  return buckets;
}

interface Window {
  start: number;
  count: number;
}

interface BucketState {
  burst: Window;
  steady: Window;
  daily: Window;
}

export type LimitDecision =
  | { ok: true; limit: number; remaining: number; resetSeconds: number }
  | { ok: false; retryAfterSeconds: number; daily: boolean };

/** Emulated seconds until `realMs` from now, rounded up, never below 1 while waiting. */
export function emulatedSeconds(realMs: number, timeScale: number): number {
  return Math.max(1, Math.ceil((realMs * timeScale) / SECOND - 1e-9));
}

export class RateLimiter {
  private readonly states = new Map<string, BucketState>();

  private state(name: string): BucketState {
    let s = this.states.get(name);
    if (!s) {
      s = { burst: { start: -Infinity, count: 0 }, steady: { start: -Infinity, count: 0 }, daily: { start: -Infinity, count: 0 } };
      this.states.set(name, s);
    }
    return s;
  }

  /**
   * Checks every window of every bucket; only an accepted request is counted, and only an accepted
   * request opens a window (a refused one changes nothing). The headers describe the steady
   * window of the strictest bucket involved (the last one listed).
   */
  take(buckets: BucketSpec[], now: number, timeScale: number): LimitDecision {
    const lengths = { burst: SECOND / timeScale, steady: MINUTE / timeScale, daily: DAY / timeScale };
    const kinds = ['burst', 'steady', 'daily'] as const;
    // The windows as they stand for this request: an ended window counts as a fresh one from now.
    const current = (w: Window, kind: (typeof kinds)[number]): Window => (now >= w.start + lengths[kind] ? { start: now, count: 0 } : w);
    let waitMs = 0;
    let daily = false;
    for (const bucket of buckets) {
      const s = this.state(bucket.name);
      for (const kind of kinds) {
        const limit = kind === 'burst' ? bucket.burst : kind === 'steady' ? bucket.steady : bucket.daily;
        const w = current(s[kind], kind);
        if (limit !== undefined && w.count >= limit) {
          if (kind === 'daily') daily = true;
          waitMs = Math.max(waitMs, w.start + lengths[kind] - now);
        }
      }
    }
    if (waitMs > 0) return { ok: false, retryAfterSeconds: emulatedSeconds(waitMs, timeScale), daily };
    for (const bucket of buckets) {
      const s = this.state(bucket.name);
      for (const kind of kinds) {
        if (kind === 'daily' && bucket.daily === undefined) continue;
        const w = current(s[kind], kind);
        s[kind] = { start: w.start, count: w.count + 1 };
      }
    }
    const strictest = buckets[buckets.length - 1] ?? buckets[0];
    if (!strictest) return { ok: true, limit: 0, remaining: 0, resetSeconds: 0 };
    const steady = this.state(strictest.name).steady;
    return {
      ok: true,
      limit: strictest.steady,
      remaining: Math.max(0, strictest.steady - steady.count),
      resetSeconds: emulatedSeconds(steady.start + lengths.steady - now, timeScale),
    };
  }
}
