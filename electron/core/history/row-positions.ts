/**
 * Turns the UI's offset into a seq, so a page deep in a million-row run is read by keyset
 * (`seq >= s ORDER BY seq LIMIT n`, a b-tree seek) instead of by OFFSET (which walks every row before
 * it: ~100–200 ms at offset 900,000 on the primary key, measured in test/bench/history.ts).
 *
 * - Without a filter, a run's seqs are usually dense (seq is the record's file line, and the members
 *   removed follow the last line), so the row at offset k has seq min + k: no walking at all.
 *   Density is checked (count = max − min + 1).
 * - Otherwise (seq is the file line: blank lines and multi-line records leave gaps) the offset is
 *   walked from the nearest position already known ("anchors"), on the narrow covering index
 *   (run_id, fate, seq) when a fate is chosen, recording an anchor every ANCHOR_STRIDE rows on the
 *   way: the first jump deep into a run costs one walk, every later one at most a stride.
 *
 * Counts and anchors are cached only for runs whose rows no longer change (completed, failed,
 * cancelled), keyed by their status and purge flag: another process (the command line) that resumes
 * or purges a run changes that key and the cache is dropped.
 */
import type { RowFate, RunStatus } from '../../../shared/sync';

export const FROZEN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/** "The row at position `offset` is the first row whose seq is ≥ `seq`." */
export interface Anchor {
  offset: number;
  seq: number;
}

export interface PositionState {
  total: number;
  /** Set when the seqs of this (unfiltered) view are dense: seq = minSeq + offset. */
  denseFrom: number | null;
  /** Sorted by offset. */
  anchors: Anchor[];
}

/** A walk never skips more than this many index entries before it records where it is. */
export const ANCHOR_STRIDE = 1024;
const MAX_ANCHORS = 16_384;
const MAX_VIEWS = 64;

/** The greatest anchor at or before `offset` (anchors sorted by offset); the start when none. */
export function nearestAnchor(anchors: readonly Anchor[], offset: number): Anchor {
  let lo = 0;
  let hi = anchors.length - 1;
  let best: Anchor = { offset: 0, seq: Number.MIN_SAFE_INTEGER };
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const anchor = anchors[mid]!;
    if (anchor.offset <= offset) {
      best = anchor;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** Adds an anchor in order (replacing one at the same offset); drops the middle ones past the cap. */
export function addAnchor(anchors: Anchor[], anchor: Anchor): void {
  const before = nearestAnchor(anchors, anchor.offset);
  let index = anchors.indexOf(before);
  if (index >= 0 && before.offset === anchor.offset) {
    anchors[index] = anchor;
    return;
  }
  index = index < 0 ? 0 : index + 1;
  anchors.splice(index, 0, anchor);
  if (anchors.length > MAX_ANCHORS) anchors.splice(MAX_ANCHORS >> 1, 1);
}

/** Values cached per view under the version of their run, least recently used dropped first. */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly capacity = MAX_VIEWS) {}

  /** The value for `key` if it was cached under the same run version. */
  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache key of a view of a run: its fate filter and search text. */
export function viewKey(runId: string, fate: RowFate | undefined, search = ''): string {
  return `${runId}\u0000${fate ?? ''}\u0000${search}`;
}
