/**
 * Pure arithmetic of sliding windows: when the next request fits, and how fast a fresh bucket can go.
 * A sliding log (no more than `limit` sends in ANY interval of `lengthMs`) is safe against the
 * server's fixed windows whatever their alignment, so the same numbers serve both.
 */

export interface SlidingWindow {
  limit: number;
  lengthMs: number;
}

/**
 * The earliest time ≥ `now` at which one more send fits every window, given the past sends in
 * ascending order. A window of limit L allows the next send once the L-th most recent one is at least
 * the window's length in the past.
 */
export function nextSlot(sends: readonly number[], windows: readonly SlidingWindow[], now: number): number {
  let at = now;
  for (const { limit, lengthMs } of windows) {
    if (sends.length < limit) continue;
    const lth = sends[sends.length - limit];
    if (lth !== undefined && lth + lengthMs > at) at = lth + lengthMs;
  }
  return at;
}

/**
 * Sends at the earliest moment every window allows, starting fresh at 0: the fastest schedule the
 * limits permit. `visit(i, t)` sees each send; return false to stop early.
 */
function greedy(windows: readonly SlidingWindow[], visit: (index: number, at: number) => boolean): void {
  const longest = Math.max(1, ...windows.map((w) => w.limit));
  // A ring of the last `longest` send times is all the schedule needs to remember.
  const ring = new Float64Array(longest);
  for (let i = 0; ; i++) {
    let at = 0;
    for (const { limit, lengthMs } of windows) {
      if (i >= limit) at = Math.max(at, (ring[(i - limit) % longest] ?? 0) + lengthMs);
    }
    ring[i % longest] = at;
    if (!visit(i, at)) return;
  }
}

/** Milliseconds from the first to the last of `requests` sends on a fresh bucket, at the fastest the windows allow. */
export function minimumDurationMs(windows: readonly SlidingWindow[], requests: number): number {
  if (requests <= 1) return 0;
  let last = 0;
  greedy(windows, (i, at) => {
    last = at;
    return i + 1 < requests;
  });
  return last;
}

/** The most sends the windows permit within `durationMs` (inclusive of both ends), starting fresh. */
export function maximumSendsWithin(windows: readonly SlidingWindow[], durationMs: number): number {
  if (windows.length === 0) return Number.POSITIVE_INFINITY;
  let count = 0;
  greedy(windows, (_i, at) => {
    if (at > durationMs) return false;
    count += 1;
    return true;
  });
  return count;
}

/** Merges two ascending arrays. */
export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x <= y)) {
      out.push(x as number);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** Inserts `value` into an ascending array, keeping it sorted. */
export function insertSorted(values: number[], value: number): void {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, value);
}

/** How many values of an ascending array are ≥ `from` (and ≤ `to`). */
export function countBetween(values: readonly number[], from: number, to = Infinity): number {
  return lowerBound(values, to, true) - lowerBound(values, from, false);
}

function lowerBound(values: readonly number[], bound: number, inclusive: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid] ?? 0;
    if (v < bound || (inclusive && v === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
