/** A manual clock for unit tests: time moves only when a test advances it. */
import type { Clock } from '../../../electron/core/klaviyo/clock';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order and letting promises settle after each. */
  advance(ms: number): Promise<void>;
  /** Advances until no timer is pending (or `limitMs` has passed). */
  runAll(limitMs?: number): Promise<void>;
  pendingTimers(): number;
}

/** Lets every queued promise callback run (a few macrotask turns, real ones). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createFakeClock(start = 1_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  let timers: Timer[] = [];
  const wallBase = Date.UTC(2026, 0, 1);

  const fireDue = async (until: number) => {
    // Whatever is already queued runs at the current time, before the clock moves.
    await settle();
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = Math.max(now, due.at);
      due.fn();
      await settle();
    }
    now = Math.max(now, until);
    await settle();
  };

  return {
    now: () => now,
    wallTime: () => wallBase + now,
    setTimer(fn, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance: (ms) => fireDue(now + ms),
    async runAll(limitMs = 10 * 86_400_000) {
      const end = now + limitMs;
      await settle();
      while (timers.length > 0) {
        const next = Math.min(...timers.map((t) => t.at));
        if (next > end) break;
        await fireDue(next);
      }
    },
    pendingTimers: () => timers.length,
  };
}
