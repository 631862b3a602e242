import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../klaviyo-emulator/spec';
import { bucketsFor, emulatedSeconds, RateLimiter, type BucketSpec } from '../../klaviyo-emulator/rate-limits';
import type { OperationId } from '../../klaviyo-emulator/openapi/implemented';

const bucket: BucketSpec = { name: 'b', burst: 3, steady: 5, daily: 7 };

function op(id: OperationId) {
  const found = loadSpec().operations.get(id);
  if (!found) throw new Error(id);
  return found;
}

describe('rate limiter (fixed windows)', () => {
  it('allows the burst within one second, then refuses until that second ends', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i += 1) expect(limiter.take([bucket], 1000 + i, 1).ok).toBe(true);
    expect(limiter.take([bucket], 1500, 1)).toEqual({ ok: false, retryAfterSeconds: 1, daily: false });
    expect(limiter.take([bucket], 2000, 1).ok).toBe(true);
  });

  it('opens each window at the first request after the previous one ended', () => {
    const limiter = new RateLimiter();
    const decisions = [0, 2000, 4000, 6000, 8000, 10_000].map((t) => limiter.take([bucket], t, 1));
    expect(decisions.slice(0, 5).every((d) => d.ok)).toBe(true);
    // Steady window opened at t=0 with 5 requests: the sixth waits until t=60 s.
    expect(decisions[5]).toEqual({ ok: false, retryAfterSeconds: 50, daily: false });
    expect(limiter.take([bucket], 60_000, 1).ok).toBe(true);
  });

  it('reports the steady window in the headers fields, in emulated seconds', () => {
    const limiter = new RateLimiter();
    const first = limiter.take([bucket], 0, 10);
    expect(first).toEqual({ ok: true, limit: 5, remaining: 4, resetSeconds: 60 });
    const later = limiter.take([bucket], 2500, 10); // 25 emulated seconds later
    expect(later).toMatchObject({ remaining: 3, resetSeconds: 35 });
  });

  it('enforces the daily window and says so', () => {
    const limiter = new RateLimiter();
    let t = 0;
    for (let i = 0; i < 7; i += 1) {
      t += 61_000;
      expect(limiter.take([bucket], t, 1).ok).toBe(true);
    }
    t += 61_000;
    const refused = limiter.take([bucket], t, 1);
    expect(refused).toMatchObject({ ok: false, daily: true });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBe(86_400 - 8 * 61 + 61);
  });

  it('counts a request in every bucket it uses, and refuses when any is full', () => {
    const limiter = new RateLimiter();
    const main: BucketSpec = { name: 'main', burst: 75, steady: 750 };
    const strict: BucketSpec = { name: 'strict', burst: 1, steady: 15 };
    expect(limiter.take([main, strict], 0, 1).ok).toBe(true);
    expect(limiter.take([main, strict], 10, 1).ok).toBe(false);
    expect(limiter.take([main], 20, 1)).toMatchObject({ ok: true, remaining: 748 });
  });

  it('rounds emulated seconds up and never answers 0', () => {
    expect(emulatedSeconds(1, 1)).toBe(1);
    expect(emulatedSeconds(1001, 1)).toBe(2);
    expect(emulatedSeconds(100, 10)).toBe(1);
    expect(emulatedSeconds(150, 10)).toBe(2);
  });
});

describe('rate-limit table', () => {
  it('uses the spec\'s limits per operation', () => {
    const none = new URLSearchParams();
    expect(bucketsFor(op('get_lists'), none)).toEqual([{ name: 'get_lists', burst: 75, steady: 750 }]);
    expect(bucketsFor(op('create_list'), none)).toEqual([{ name: 'create_list', burst: 10, steady: 150, daily: 150 }]);
    expect(bucketsFor(op('get_accounts'), none)).toEqual([{ name: 'get_accounts', burst: 1, steady: 15 }]);
    expect(bucketsFor(op('get_segments'), none)).toEqual([{ name: 'get_segments', burst: 75, steady: 750 }]);
    expect(bucketsFor(op('add_profiles_to_list'), none)[0]).toMatchObject({ burst: 10, steady: 150 });
    expect(bucketsFor(op('create_or_update_profile'), none)[0]).toMatchObject({ burst: 75, steady: 750 });
  });

  it('puts job creation, polling and job sub-resources in one bucket', () => {
    const ids: OperationId[] = ['bulk_import_profiles', 'get_bulk_import_profiles_job', 'get_errors_for_bulk_import_profiles_job', 'get_bulk_import_profiles_jobs', 'get_profiles_for_bulk_import_profiles_job'];
    const names = new Set(ids.map((id) => bucketsFor(op(id), new URLSearchParams())[0]?.name));
    expect([...names]).toEqual(['profile-bulk-import-jobs']);
  });

  it('adds the stricter bucket for profile_count on Get List only when asked', () => {
    expect(bucketsFor(op('get_list'), new URLSearchParams('additional-fields[list]=profile_count'))).toEqual([
      { name: 'get_list', burst: 75, steady: 750 },
      { name: 'get_list+profile_count', burst: 1, steady: 15 },
    ]);
  });
});

describe('rate limiter windows and refused requests', () => {
  it('opens a window only with an accepted request', () => {
    const limiter = new RateLimiter();
    const b: BucketSpec = { name: 'x', burst: 2, steady: 2 };
    expect(limiter.take([b], 0, 1).ok).toBe(true);
    expect(limiter.take([b], 500, 1).ok).toBe(true);
    // Steady is full until t=60 s; a refused request at t=30 s must not open a burst window.
    expect(limiter.take([b], 30_000, 1).ok).toBe(false);
    expect(limiter.take([b], 60_000, 1).ok).toBe(true);
    expect(limiter.take([b], 60_100, 1).ok).toBe(true);
    expect(limiter.take([b], 60_200, 1)).toEqual({ ok: false, retryAfterSeconds: 60, daily: false });
  });
});
