import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maximumSendsWithin, minimumDurationMs, nextSlot, type SlidingWindow } from '../../../electron/core/klaviyo/window-math';

const windowsArb = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 10, max: 1000 }), fc.integer({ min: 2, max: 30 }))
  .map(([burst, factor, burstMs, ratio]): SlidingWindow[] => [
    { limit: burst, lengthMs: burstMs },
    { limit: burst * factor, lengthMs: burstMs * ratio },
  ]);

/** Builds the fastest schedule with nextSlot, one send at a time. */
function schedule(windows: SlidingWindow[], n: number): number[] {
  const sends: number[] = [];
  for (let i = 0; i < n; i++) sends.push(nextSlot(sends, windows, sends.at(-1) ?? 0));
  return sends;
}

describe('sliding window arithmetic', () => {
  it('lets a send go at once while every window has room', () => {
    expect(nextSlot([0, 1, 2], [{ limit: 4, lengthMs: 1000 }], 5)).toBe(5);
  });

  it('waits until the limit-th most recent send leaves the window', () => {
    expect(nextSlot([0, 100, 200], [{ limit: 3, lengthMs: 1000 }], 300)).toBe(1000);
    expect(nextSlot([0, 100, 200], [{ limit: 2, lengthMs: 1000 }], 300)).toBe(1100);
  });

  it('never puts more than a window allows in any interval of its length', () => {
    fc.assert(fc.property(windowsArb, fc.integer({ min: 1, max: 400 }), (windows, n) => {
      const sends = schedule(windows, n);
      return windows.every(({ limit, lengthMs }) => sends.every((t, i) => {
        const inWindow = sends.filter((u) => u >= t && u < t + lengthMs).length;
        return i >= 0 && inWindow <= limit;
      }));
    }), { numRuns: 60 });
  });

  it('agrees with itself: the duration N sends need fits N sends and no more than the schedule allows', () => {
    fc.assert(fc.property(windowsArb, fc.integer({ min: 2, max: 500 }), (windows, n) => {
      const duration = minimumDurationMs(windows, n);
      return maximumSendsWithin(windows, duration) >= n && minimumDurationMs(windows, n + 1) >= duration;
    }), { numRuns: 80 });
  });

  it('gives the familiar numbers for Klaviyo’s 75/s, 750/min tier', () => {
    const tier = [{ limit: 75, lengthMs: 1000 }, { limit: 750, lengthMs: 60_000 }];
    expect(minimumDurationMs(tier, 750)).toBe(9000);
    expect(minimumDurationMs(tier, 751)).toBe(60_000);
    expect(maximumSendsWithin(tier, 59_999)).toBe(750);
    expect(maximumSendsWithin(tier, 120_000)).toBe(1575);
  });
});
