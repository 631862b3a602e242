/**
 * Retention of row-level detail: for finished runs older than `rowRetentionDays`, the rows and the
 * list members read for the plan are deleted; the run itself, its counts, timings and batches stay
 * forever (rows_purged = 1 tells the UI why the detail is gone).
 *
 * A run is marked first, then emptied in small transactions with a turn of the event loop between
 * them, so purging a million-row run never holds the database (or the app) for long. A sweep that
 * is interrupted (quit, crash) is finished by the next one: marked runs that still have rows are
 * picked up again.
 */
import { sql } from '../store/sql';
import type { Store } from '../store/store';
import { throwIfCancelled } from '../tasks';

export interface RetentionOptions {
  /** Days to keep row detail of finished runs; null keeps it forever. */
  retentionDays: number | null;
  now?: Date;
  /** Rows deleted by the first transaction; later ones are sized to take about `targetChunkMs`. */
  chunkRows?: number;
  targetChunkMs?: number;
  signal?: AbortSignal;
  /** Called between transactions (the worker checkpoints the WAL there, outside any lock). */
  afterChunk?: () => void;
}

export interface RetentionResult {
  runs: number;
  rows: number;
  members: number;
  /** The longest single transaction, in milliseconds (what another writer could wait for). */
  longestChunkMs: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_CHUNK = 1_000;
const MIN_CHUNK = 100;
const MAX_CHUNK = 20_000;
// Every statement runs on the main process's thread: a transaction this long is a pause nobody notices.
const DEFAULT_TARGET_MS = 25;

/**
 * The next chunk size (pure): scaled so a transaction takes about the target time. Deleting a row
 * touches every index of run_rows, so the cost per row depends on the disk and the history's size.
 */
export function nextChunkSize(current: number, elapsedMs: number, targetMs: number): number {
  const scaled = elapsedMs <= 0 ? current * 2 : Math.round((current * targetMs) / elapsedMs);
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.min(scaled, current * 2)));
}

/** The instant before which finished runs lose their row detail (pure). */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/**
 * Whether a sweep has anything to do (a few index probes on `runs`): lets the app skip starting a
 * worker on every launch of the command line when nothing has expired.
 */
export function sweepNeeded(store: Pick<Store, 'get'>, retentionDays: number | null, now: Date): boolean {
  const expired = retentionDays !== null && store.get(sql`SELECT 1 AS x FROM runs WHERE rows_purged = 0
    AND status IN ('completed', 'failed', 'cancelled') AND coalesce(finished_at, created_at) < ${retentionCutoff(now, retentionDays)} LIMIT 1`) !== undefined;
  return expired || store.get(sql`SELECT 1 AS x FROM runs r WHERE r.rows_purged = 1
    AND (EXISTS (SELECT 1 FROM run_rows WHERE run_id = r.id) OR EXISTS (SELECT 1 FROM run_members WHERE run_id = r.id)) LIMIT 1`) !== undefined;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function purgeExpiredRowDetail(store: Store, options: RetentionOptions): Promise<RetentionResult> {
  const result: RetentionResult = { runs: 0, rows: 0, members: 0, longestChunkMs: 0 };
  const targetMs = options.targetChunkMs ?? DEFAULT_TARGET_MS;
  let chunk = Math.max(1, Math.floor(options.chunkRows ?? DEFAULT_CHUNK));
  const timed = <T>(work: () => T): T => {
    const started = performance.now();
    try {
      return store.transaction(work);
    } finally {
      result.longestChunkMs = Math.max(result.longestChunkMs, performance.now() - started);
    }
  };
  /**
   * Calls `deleteUpTo(n)` (one transaction each, a turn of the event loop between them) until it
   * deletes fewer than asked, resizing n from how long each took. Returns the rows deleted.
   */
  const drain = async (deleteUpTo: (n: number) => number): Promise<number> => {
    let total = 0;
    for (;;) {
      throwIfCancelled(options.signal);
      const size = chunk;
      const started = performance.now();
      const deleted = timed(() => deleteUpTo(size));
      const elapsed = performance.now() - started;
      total += deleted;
      options.afterChunk?.();
      await nextTurn();
      if (deleted < size) return total;
      chunk = nextChunkSize(size, elapsed, targetMs);
    }
  };

  if (options.retentionDays !== null) {
    const cutoff = retentionCutoff(options.now ?? new Date(), options.retentionDays);
    result.runs = timed(() => store.run(sql`UPDATE runs SET rows_purged = 1
      WHERE rows_purged = 0 AND status IN ('completed', 'failed', 'cancelled')
        AND coalesce(finished_at, created_at) < ${cutoff}`).changes);
  }
  // Marked runs (this sweep's and any an earlier sweep left half done) that still hold detail.
  const pending = store.all<{ id: string }>(sql`SELECT r.id FROM runs r WHERE r.rows_purged = 1
    AND (EXISTS (SELECT 1 FROM run_rows WHERE run_id = r.id) OR EXISTS (SELECT 1 FROM run_members WHERE run_id = r.id))
    ORDER BY r.created_at`);

  for (const { id } of pending) {
    // Both primary keys start with the run id: each chunk is the next range of it.
    result.rows += await drain((n) => {
      const bound = store.get<{ seq: number }>(sql`SELECT seq FROM run_rows WHERE run_id = ${id} ORDER BY seq LIMIT 1 OFFSET ${n - 1}`);
      return store.run(bound === undefined
        ? sql`DELETE FROM run_rows WHERE run_id = ${id}`
        : sql`DELETE FROM run_rows WHERE run_id = ${id} AND seq <= ${bound.seq}`).changes;
    });
    result.members += await drain((n) => {
      const bound = store.get<{ profile_id: string }>(sql`SELECT profile_id FROM run_members WHERE run_id = ${id}
        ORDER BY profile_id LIMIT 1 OFFSET ${n - 1}`);
      return store.run(bound === undefined
        ? sql`DELETE FROM run_members WHERE run_id = ${id}`
        : sql`DELETE FROM run_members WHERE run_id = ${id} AND profile_id <= ${bound.profile_id}`).changes;
    });
  }
  return result;
}
