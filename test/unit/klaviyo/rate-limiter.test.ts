import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createRateLimiter, type RateLimiter } from '../../../electron/core/klaviyo/rate-limiter';
import { maximumSendsWithin } from '../../../electron/core/klaviyo/window-math';
import { createFakeClock, settle, type FakeClock } from './fake-clock';

const TABLE = {
  big: { burst: 75, steady: 750 },
  small: { burst: 10, steady: 150 },
  capped: { burst: 10, steady: 150, daily: 150 },
  tiny: { burst: 1, steady: 15 },
};

function setup(timeScale = 1): { clock: FakeClock; limiter: RateLimiter } {
  const clock = createFakeClock();
  const limiter = createRateLimiter({ buckets: TABLE, clock, timeScale, marginMs: 0 });
  return { clock, limiter };
}

/**
 * Starts `n` acquisitions and records when each was granted (or how it failed). Each request is
 * answered `latencyMs` after it was let through (instantly by default).
 */
function requestMany(limiter: RateLimiter, clock: FakeClock, bucket: string, n: number, signal?: AbortSignal, latencyMs = 0) {
  const granted: number[] = [];
  const order: number[] = [];
  const errors: unknown[] = [];
  const all = Array.from({ length: n }, (_, i) =>
    limiter.acquire(bucket, signal).then(
      (permit) => {
        granted.push(clock.now());
        order.push(i);
        if (latencyMs === 0) permit.done();
        else clock.setTimer(() => permit.done(), latencyMs);
      },
      (error: unknown) => {
        errors.push(error);
      },
    ));
  return { granted, order, errors, done: Promise.all(all) };
}

/** The most sends found in any interval of `lengthMs` (sends ascending). */
function busiest(sends: readonly number[], lengthMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < sends.length; end++) {
    while ((sends[end] ?? 0) - (sends[start] ?? 0) >= lengthMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('rate limiter', () => {
  it('never lets more than the burst through in any second nor the steady limit in any minute', async () => {
    const { clock, limiter } = setup();
    const run = requestMany(limiter, clock, 'big', 2000);
    await clock.runAll();
    await run.done;
    expect(run.granted).toHaveLength(2000);
    expect(busiest(run.granted, 1000)).toBeLessThanOrEqual(75);
    expect(busiest(run.granted, 60_000)).toBeLessThanOrEqual(750);
  });

  it('runs at the limit: at least 95% of the sends the windows allow over a long run', async () => {
    const { clock, limiter } = setup();
    const start = clock.now();
    const run = requestMany(limiter, clock, 'small', 1000);
    await clock.runAll();
    await run.done;
    const duration = (run.granted.at(-1) ?? 0) - start;
    const allowed = maximumSendsWithin([{ limit: 10, lengthMs: 1000 }, { limit: 150, lengthMs: 60_000 }], duration);
    expect(run.granted.length / allowed).toBeGreaterThanOrEqual(0.95);
  });

  it('lets a fresh bucket send its whole burst at once', async () => {
    const { clock, limiter } = setup();
    const run = requestMany(limiter, clock, 'small', 10);
    await settle();
    expect(run.granted).toHaveLength(10);
    expect(new Set(run.granted).size).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('makes every window timeScale times shorter', async () => {
    const { clock, limiter } = setup(30);
    const start = clock.now();
    const run = requestMany(limiter, clock, 'small', 300);
    await clock.runAll();
    await run.done;
    const span = (run.granted.at(-1) ?? 0) - start;
    // 300 sends need two steady windows (150 each): one emulated minute, i.e. 2 s at ×30.
    expect(span).toBeGreaterThanOrEqual(60_000 / 30);
    expect(span).toBeLessThan(2 * 60_000 / 30);
    expect(busiest(run.granted, 1000 / 30)).toBeLessThanOrEqual(10);
    expect(busiest(run.granted, 60_000 / 30)).toBeLessThanOrEqual(150);
  });

  it('serves waiters first come, first served', async () => {
    const { clock, limiter } = setup();
    const run = requestMany(limiter, clock, 'tiny', 20);
    await clock.runAll();
    await run.done;
    expect(run.order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('rejects a waiting acquisition with CANCELLED as soon as its signal aborts, and the queue moves on', async () => {
    const { clock, limiter } = setup();
    (await limiter.acquire('tiny')).done();
    const controller = new AbortController();
    const cancelled = limiter.acquire('tiny', controller.signal);
    const next = requestMany(limiter, clock, 'tiny', 1);
    controller.abort();
    await expect(cancelled).rejects.toSatisfy((e: unknown) => AppError.is(e, 'CANCELLED'));
    await clock.advance(1100);
    await next.done;
    // The cancelled waiter did not take the slot: the next one got it a second after the first send.
    expect(next.granted).toHaveLength(1);
    expect(limiter.stats().tiny?.granted).toBe(2);
  });

  it('rejects at once when the signal has already fired', async () => {
    const { limiter } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire('big', controller.signal)).rejects.toSatisfy((e: unknown) => AppError.is(e, 'CANCELLED'));
  });

  it('holds the whole bucket for Retry-After after a 429, scaled to emulated seconds', async () => {
    const { clock, limiter } = setup(10);
    limiter.throttled('small', 5);
    const held = requestMany(limiter, clock, 'small', 3);
    const other = requestMany(limiter, clock, 'big', 1);
    await settle();
    expect(other.granted).toHaveLength(1);
    expect(held.granted).toHaveLength(0);
    await clock.advance(499);
    expect(held.granted).toHaveLength(0);
    await clock.advance(2);
    await held.done;
    expect(held.granted).toHaveLength(3);
    expect(limiter.stats().small?.throttled).toBe(1);
  });

  it('slows down when the headers show another client using the same budget', async () => {
    const { clock, limiter } = setup();
    for (const permit of await Promise.all(Array.from({ length: 10 }, () => limiter.acquire('small')))) permit.done();
    // Klaviyo has counted 100 requests in this minute, of which we sent 10; it resets in 50 s.
    limiter.observe('small', { limit: 150, remaining: 50, resetSeconds: 50 });
    const run = requestMany(limiter, clock, 'small', 100);
    await clock.advance(49_000);
    // Only the 50 requests left in Klaviyo's window may go before it resets.
    expect(run.granted.length).toBeLessThanOrEqual(50);
    expect(run.granted.length).toBeGreaterThanOrEqual(40);
    await clock.runAll();
    await run.done;
    expect(limiter.stats().small?.adaptations).toBe(1);
  });

  it('does not slow down for its own traffic', async () => {
    const { clock, limiter } = setup();
    const first = requestMany(limiter, clock, 'small', 30);
    await clock.advance(2500);
    await first.done;
    limiter.observe('small', { limit: 150, remaining: 120, resetSeconds: 58 });
    expect(limiter.stats().small?.adaptations).toBe(0);
  });

  it('holds the bucket until the reset when the headers say nothing is left', async () => {
    const { clock, limiter } = setup();
    (await limiter.acquire('small')).done();
    limiter.observe('small', { limit: 150, remaining: 0, resetSeconds: 20 });
    const run = requestMany(limiter, clock, 'small', 1);
    await clock.advance(19_000);
    expect(run.granted).toHaveLength(0);
    await clock.advance(3_000);
    await run.done;
    expect(run.granted).toHaveLength(1);
  });

  it('believes a lower steady limit announced by Klaviyo', async () => {
    const { clock, limiter } = setup();
    limiter.observe('big', { limit: 700, remaining: 700, resetSeconds: 60 });
    const run = requestMany(limiter, clock, 'big', 800);
    await clock.advance(30_000);
    expect(run.granted).toHaveLength(700);
    await clock.runAll();
    await run.done;
  });

  it('reports a daily cap as RATE_LIMITED with when it resets instead of waiting a day', async () => {
    const { clock, limiter } = setup();
    const run = requestMany(limiter, clock, 'capped', 151);
    await clock.runAll(10 * 60_000);
    await run.done;
    expect(run.granted).toHaveLength(150);
    expect(run.errors).toHaveLength(1);
    const error = run.errors[0];
    expect(AppError.is(error, 'RATE_LIMITED')).toBe(true);
    const resetsAt = Date.parse(String((error as AppError).details?.resetsAt));
    expect(resetsAt - clock.wallTime()).toBeGreaterThan(23 * 3600_000);
  });

  it('gives up rather than sleeping when a 429 asks to wait longer than a minute', async () => {
    const { clock, limiter } = setup();
    limiter.throttled('capped', 7200);
    const run = requestMany(limiter, clock, 'capped', 2);
    await run.done;
    expect(run.errors).toHaveLength(2);
    expect((run.errors[0] as AppError).details?.retryAfterSeconds).toBeGreaterThanOrEqual(7200);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts a request against a stricter query-parameter bucket as well as its own', async () => {
    const { clock, limiter } = setup();
    const granted: number[] = [];
    const all = Array.from({ length: 5 }, () => limiter.acquireAll(['tiny', 'big']).then((permit) => {
      granted.push(clock.now());
      permit.done();
    }));
    await clock.runAll();
    await Promise.all(all);
    expect(busiest(granted, 1000)).toBe(1);
    expect(limiter.stats().big?.granted).toBe(5);
  });

  it('keeps a request counted until a window after its answer, however slow the answer', async () => {
    const { clock, limiter } = setup();
    const run = requestMany(limiter, clock, 'small', 30, undefined, 400);
    await clock.runAll();
    await run.done;
    // Arrival is anywhere between sending and answer: count each request as occupying that whole span.
    const spans = run.granted.map((t) => [t, t + 400] as const);
    for (const [start] of spans) {
      const overlapping = spans.filter(([s, e]) => s < start + 1000 && e >= start).length;
      expect(overlapping).toBeLessThanOrEqual(10);
    }
    expect(limiter.stats().small?.inFlight).toBe(0);
  });

  it('waits for an answer when every slot is held by an unanswered request', async () => {
    const { clock, limiter } = setup();
    const permits = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire('small')));
    const next = requestMany(limiter, clock, 'small', 1);
    await clock.advance(5000);
    expect(next.granted).toHaveLength(0);
    expect(limiter.stats().small?.inFlight).toBe(10);
    permits[0]?.done();
    permits[0]?.done();
    await clock.advance(1011);
    await next.done;
    expect(next.granted).toHaveLength(1);
  });

  it('frees the slots of a multi-bucket request that was cancelled half-way', async () => {
    const { clock, limiter } = setup();
    (await limiter.acquire('tiny')).done();
    const controller = new AbortController();
    const pending = limiter.acquireAll(['big', 'tiny'], controller.signal);
    await settle();
    expect(limiter.stats().big?.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toSatisfy((e: unknown) => AppError.is(e, 'CANCELLED'));
    expect(limiter.stats().big?.inFlight).toBe(0);
    await clock.runAll();
  });

  it('estimates the shortest time the limits allow', () => {
    const { limiter } = setup();
    expect(limiter.estimateSeconds('big', 75)).toBe(0);
    expect(limiter.estimateSeconds('big', 76)).toBeCloseTo(1.005, 2);
    expect(limiter.estimateSeconds('big', 751)).toBeCloseTo(60.1, 0);
    const scaled = setup(30).limiter;
    expect(scaled.estimateSeconds('big', 751)).toBeCloseTo(60.1 / 30, 1);
  });
});
