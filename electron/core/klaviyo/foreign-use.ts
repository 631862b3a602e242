/**
 * Reading Klaviyo's `RateLimit-*` headers for signs of another client on the same account (another
 * app with the same private key shares the quota). Pure: the limiter records what this returns.
 */
import { countBetween } from './window-math';

export interface ForeignUseInput {
  /** Limit, remaining and reset (whole emulated seconds) from the headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** Length of Klaviyo's window the headers describe, and of ours for it (with margin), real ms. */
  nominalMs: number;
  windowMs: number;
  /** Real ms one emulated second lasts (the rounding of Reset). */
  secondMs: number;
  /** When the answered request was sent, and now (limiter clock). */
  sentAt: number;
  now: number;
  /** When our answered requests were answered, ascending; how many are unanswered. */
  settled: readonly number[];
  inFlight: number;
  /** Others' requests already recorded, ascending. */
  foreign: readonly number[];
}

/**
 * How many requests Klaviyo counted that are neither ours nor already known, and the time to record
 * them at (so that they leave our window when Klaviyo's resets, at the latest). Null when nothing is
 * unexplained. Deliberately a lower bound: our own traffic must never slow us down.
 */
export function unexplainedUse(input: ForeignUseInput): { count: number; stamp: number } | null {
  const { secondMs: g } = input;
  const sent = Math.min(input.sentAt, input.now);
  // Klaviyo computed Reset (rounded to whole seconds) when the request arrived, somewhere between its
  // sending and now: so its window began no earlier than this, and resets no later than that.
  const earliestStart = sent + input.resetSeconds * g - g - input.nominalMs;
  const latestReset = input.now + input.resetSeconds * g + g;
  // Ours that Klaviyo may have counted: every request answered since then (an arrival comes before its
  // answer) and every one still unanswered. An upper bound, so what is left is a lower bound.
  const ours = countBetween(input.settled, earliestStart) + input.inFlight;
  // Others' requests already recorded for this window sit near latestReset - windowMs (see below).
  const known = countBetween(input.foreign, earliestStart - input.windowMs + input.nominalMs - 2 * g);
  const count = input.limit - input.remaining - ours - known;
  if (count <= 0) return null;
  return { count, stamp: Math.min(input.now, latestReset - input.windowMs) };
}
