/**
 * The write side of `run_rows`: staging a file's records (seq = the record's line, so a merge patch
 * finds its kept line by primary key), and the row assignments and fates of a run's batches. Hot
 * statements are prepared once; every multi-row change runs inside the caller's transaction.
 */
import { sql } from './sql';
import type { Store } from './store';

export interface StagedRow {
  seq: number;
  line: number;
  fate: 'pending' | 'rejected' | 'duplicate';
  email: string | null;
  phone: string | null;
  externalId: string | null;
  reason: string | null;
  duplicateOf: number | null;
  payload: string | null;
  valuesJson: string | null;
  contentHash: string | null;
}

export interface KeptRow {
  email: string | null;
  phone: string | null;
  externalId: string | null;
  payload: string | null;
}

export interface KeptRowState extends KeptRow {
  profileId: string | null;
}

/** A row waiting to be imported: identifiers, what the plan decided, and the payload (full mode). */
export interface ImportRow {
  seq: number;
  planned: 'add' | 'update';
  email: string | null;
  phone: string | null;
  external_id: string | null;
  payload: string | null;
}

export interface RemoveRow {
  seq: number;
  profile_id: string;
}

export interface RunRowsRepo {
  insertStaged(runId: string, rows: readonly StagedRow[]): void;
  getKept(runId: string, seq: number): KeptRowState | undefined;
  updateKept(runId: string, seq: number, row: KeptRow, contentHash: string | null): void;
  deleteAll(runId: string): void;
  nextImportRows(runId: string, afterSeq: number, limit: number): ImportRow[];
  /** Assigns the unbatched import rows with seq in [firstSeq, lastSeq] to a batch; returns how many. */
  assignImportRange(runId: string, batchId: number, firstSeq: number, lastSeq: number): number;
  nextRemoveRows(runId: string, afterSeq: number, limit: number): RemoveRow[];
  assignRemoveRange(runId: string, batchId: number, firstSeq: number, lastSeq: number): number;
  /** Moves a batch's rows with seq in [firstSeq, lastSeq] to another batch (bisecting a refused import). */
  moveBatchRange(runId: string, fromBatch: number, toBatch: number, firstSeq: number, lastSeq: number): number;
  importRowsOfBatch(runId: string, batchId: number): ImportRow[];
  removeRowsOfBatch(runId: string, batchId: number): RemoveRow[];
  setFate(runId: string, seq: number, fate: 'failed' | 'rejected' | 'removed', reason: string | null): void;
  /** Every still-pending row of a confirmed import batch: added or updated, as planned. */
  confirmImportBatch(runId: string, batchId: number): number;
  confirmRemoveBatch(runId: string, batchId: number): number;
  /** Takes the rows off a batch so they are batched again. */
  releaseBatch(runId: string, batchId: number): number;
  /** After the list was recreated: every accepted row must be added to the new list again. */
  resetForRecreatedList(runId: string): void;
  clearPayloads(runId: string): void;
  setProfileId(runId: string, seq: number, profileId: string): void;
  /** Drops a planned removal (the person turned out not to be on the list). */
  dropRemoval(runId: string, seq: number): void;
  /** Serialized size of what the plan imports: its count and approximate bytes. */
  importVolume(runId: string): { rows: number; bytes: number };
  countsByPlan(runId: string): Record<string, number>;
  /** Rows the run still has to import or remove, and how many are done, for progress. */
  progressCounts(runId: string): { importTotal: number; importDone: number; removeTotal: number; removeDone: number };
}

export function createRunRowsRepo(store: Store): RunRowsRepo {
  const insert = store.prepare`INSERT INTO run_rows (run_id, seq, line, fate, email, phone, external_id, reason,
      duplicate_of, payload, values_json, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const kept = store.prepare`SELECT email, phone, external_id AS externalId, payload, profile_id AS profileId FROM run_rows
    WHERE run_id = ? AND seq = ? AND fate IN ('pending', 'unchanged')`;
  const updateKept = store.prepare`UPDATE run_rows SET email = ?, phone = ?, external_id = ?, payload = ?, content_hash = ?
    WHERE run_id = ? AND seq = ?`;
  const setFate = store.prepare`UPDATE run_rows SET fate = ?, reason = ? WHERE run_id = ? AND seq = ?`;

  return {
    insertStaged(runId, rows) {
      for (const r of rows) {
        insert.run(runId, r.seq, r.line, r.fate, r.email, r.phone, r.externalId, r.reason, r.duplicateOf, r.payload, r.valuesJson, r.contentHash);
      }
    },
    getKept: (runId, seq) => kept.get<KeptRowState>(runId, seq),
    updateKept(runId, seq, row, contentHash) {
      updateKept.run(row.email, row.phone, row.externalId, row.payload, contentHash, runId, seq);
    },
    deleteAll(runId) {
      store.run(sql`DELETE FROM run_rows WHERE run_id = ${runId}`);
    },
    nextImportRows(runId, afterSeq, limit) {
      return store.all<ImportRow>(sql`SELECT seq, planned, email, phone, external_id, payload FROM run_rows
        WHERE run_id = ${runId} AND fate = 'pending' AND seq > ${afterSeq} AND batch_id IS NULL AND planned IN ('add', 'update')
        ORDER BY seq LIMIT ${limit}`);
    },
    assignImportRange(runId, batchId, firstSeq, lastSeq) {
      return store.run(sql`UPDATE run_rows SET batch_id = ${batchId}
        WHERE run_id = ${runId} AND seq BETWEEN ${firstSeq} AND ${lastSeq} AND fate = 'pending' AND batch_id IS NULL
          AND planned IN ('add', 'update')`).changes;
    },
    nextRemoveRows(runId, afterSeq, limit) {
      return store.all<RemoveRow>(sql`SELECT seq, profile_id FROM run_rows
        WHERE run_id = ${runId} AND fate = 'pending' AND seq > ${afterSeq} AND batch_id IS NULL AND planned = 'remove'
        ORDER BY seq LIMIT ${limit}`);
    },
    assignRemoveRange(runId, batchId, firstSeq, lastSeq) {
      return store.run(sql`UPDATE run_rows SET batch_id = ${batchId}
        WHERE run_id = ${runId} AND seq BETWEEN ${firstSeq} AND ${lastSeq} AND fate = 'pending' AND batch_id IS NULL
          AND planned = 'remove'`).changes;
    },
    moveBatchRange(runId, fromBatch, toBatch, firstSeq, lastSeq) {
      return store.run(sql`UPDATE run_rows SET batch_id = ${toBatch}
        WHERE run_id = ${runId} AND batch_id = ${fromBatch} AND seq BETWEEN ${firstSeq} AND ${lastSeq} AND fate = 'pending'`).changes;
    },
    importRowsOfBatch(runId, batchId) {
      return store.all<ImportRow>(sql`SELECT seq, planned, email, phone, external_id, payload FROM run_rows
        WHERE run_id = ${runId} AND batch_id = ${batchId} AND fate = 'pending' ORDER BY seq`);
    },
    removeRowsOfBatch(runId, batchId) {
      return store.all<RemoveRow>(sql`SELECT seq, profile_id FROM run_rows
        WHERE run_id = ${runId} AND batch_id = ${batchId} AND fate = 'pending' ORDER BY seq`);
    },
    setFate(runId, seq, fate, reason) {
      setFate.run(fate, reason, runId, seq);
    },
    confirmImportBatch(runId, batchId) {
      return store.run(sql`UPDATE run_rows SET fate = CASE planned WHEN 'add' THEN 'added' ELSE 'updated' END
        WHERE run_id = ${runId} AND batch_id = ${batchId} AND fate = 'pending'`).changes;
    },
    confirmRemoveBatch(runId, batchId) {
      return store.run(sql`UPDATE run_rows SET fate = 'removed'
        WHERE run_id = ${runId} AND batch_id = ${batchId} AND fate = 'pending'`).changes;
    },
    releaseBatch(runId, batchId) {
      return store.run(sql`UPDATE run_rows SET batch_id = NULL
        WHERE run_id = ${runId} AND batch_id = ${batchId} AND fate = 'pending'`).changes;
    },
    resetForRecreatedList(runId) {
      // Everyone the new list should hold goes again; people removed from the old list are not on the new one.
      store.run(sql`UPDATE run_rows SET fate = 'pending', planned = 'add', batch_id = NULL, reason = NULL
        WHERE run_id = ${runId} AND line IS NOT NULL AND planned IN ('add', 'update', 'unchanged')
          AND fate IN ('pending', 'added', 'updated', 'unchanged')`);
      store.run(sql`UPDATE run_rows SET fate = 'removed', batch_id = NULL,
          reason = 'Not on the recreated list: it was created without this person.'
        WHERE run_id = ${runId} AND line IS NULL AND fate = 'pending'`);
    },
    clearPayloads(runId) {
      store.run(sql`UPDATE run_rows SET payload = NULL WHERE run_id = ${runId} AND payload IS NOT NULL`);
    },
    setProfileId(runId, seq, profileId) {
      store.run(sql`UPDATE run_rows SET profile_id = ${profileId} WHERE run_id = ${runId} AND seq = ${seq}`);
    },
    dropRemoval(runId, seq) {
      store.run(sql`DELETE FROM run_rows WHERE run_id = ${runId} AND seq = ${seq} AND line IS NULL`);
    },
    importVolume(runId) {
      // Identifiers and the JSON around them take about 90 bytes a profile; the payload adds its own length.
      const row = store.get<{ n: number; bytes: number }>(sql`SELECT count(*) AS n,
          coalesce(sum(length(payload)), 0) + count(*) * 90 AS bytes
        FROM run_rows WHERE run_id = ${runId} AND line IS NOT NULL AND planned IN ('add', 'update') AND fate = 'pending'`);
      return { rows: row?.n ?? 0, bytes: row?.bytes ?? 0 };
    },
    countsByPlan(runId) {
      const rows = store.all<{ planned: string | null; n: number }>(sql`SELECT planned, count(*) AS n FROM run_rows
        WHERE run_id = ${runId} AND planned IS NOT NULL GROUP BY planned`);
      return Object.fromEntries(rows.map((r) => [r.planned ?? '', r.n]));
    },
    progressCounts(runId) {
      const row = store.get<{ it: number; id: number; rt: number; rd: number }>(sql`SELECT
          coalesce(sum(planned IN ('add', 'update')), 0) AS it,
          coalesce(sum(planned IN ('add', 'update') AND fate <> 'pending'), 0) AS id,
          coalesce(sum(planned = 'remove'), 0) AS rt,
          coalesce(sum(planned = 'remove' AND fate <> 'pending'), 0) AS rd
        FROM run_rows WHERE run_id = ${runId} AND planned IS NOT NULL AND planned <> 'unchanged'`);
      return { importTotal: row?.it ?? 0, importDone: row?.id ?? 0, removeTotal: row?.rt ?? 0, removeDone: row?.rd ?? 0 };
    },
  };
}
