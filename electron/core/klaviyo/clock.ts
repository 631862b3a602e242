/**
 * Time, behind an interface, so the rate limiter and the retry loop run on a fake clock in unit tests
 * and on the real one everywhere else.
 */
import { AppError } from '../../../shared/errors';

export interface Clock {
  /** Monotonic milliseconds: for windows and waits (never jumps with the wall clock). */
  now(): number;
  /** Milliseconds since the epoch: only for telling a person when something resets. */
  wallTime(): number;
  /** Calls `fn` after `ms`; returns a function that cancels the timer. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallTime: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

/** The error every cancelled wait throws: the signal's own AppError reason when it has one. */
export function cancelledError(signal: AbortSignal | undefined): AppError {
  const reason: unknown = signal?.reason;
  if (AppError.is(reason, 'CANCELLED')) return reason;
  return new AppError({ code: 'CANCELLED', message: 'Cancelled.' });
}

/** Waits `ms` on `clock`; rejects with CANCELLED as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(cancelledError(signal));
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
