/**
 * A run's rows, filtered by fate and a search, paged by offset/limit for the UI's virtual list, fast
 * deep into a million-row run (see row-positions.ts for how an offset becomes a keyset seek).
 */
import { z } from 'zod';
import { PLANNED_ACTIONS, type RowRecord, type RowsPage, type RowsQuerySchema } from '../../../shared/history';
import { AppError } from '../../../shared/errors';
import { ROW_FATES, RUN_STATUSES, type RowFate } from '../../../shared/sync';
import { emptySql, sql, sqlJoin, type SqlQuery } from '../store/sql';
import type { SqlRunner } from '../store/store';
import { ANCHOR_STRIDE, FROZEN_STATUSES, VersionedCache, addAnchor, nearestAnchor, viewKey, type PositionState } from './row-positions';
import { parseRowSearch, prefixUpperBound, type RowSearch } from './row-search';
import { runNotFound } from './run-record';

export type RowsFilter = z.output<typeof RowsQuerySchema>;
type Db = SqlRunner & { path: string };

const RowSchema = z.object({
  seq: z.number().int(),
  line: z.number().int().nullable(),
  fate: z.enum(ROW_FATES),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  external_id: z.string().nullable(),
  profile_id: z.string().nullable(),
  reason: z.string().nullable(),
  duplicate_of: z.number().int().nullable(),
  // An unknown value (a newer version's) reads as no plan rather than a damaged row.
  planned: z.enum(PLANNED_ACTIONS).nullable().catch(null),
});
export type RowRecordWithSeq = RowRecord & { seq: number };

export const rowColumns = sql`seq, line, fate, email, phone, external_id, profile_id, reason, duplicate_of, planned`;

/** Below this many characters a search would match much of the whole history's identifiers: read the run instead. */
export const MIN_INDEXED_SEARCH = 3;
/** Search hits kept in memory per cached view (a seq is a number: 200,000 of them is ~2 MB). */
const MAX_CACHED_HITS = 200_000;

export function toRowRecord(raw: unknown, path: string): RowRecordWithSeq {
  const parsed = RowSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError({
      code: 'DATABASE_ERROR',
      message: `A row of this run in the sync history at ${path} is damaged and can't be shown.`,
      details: { path },
    });
  }
  const r = parsed.data;
  return {
    seq: r.seq, line: r.line, fate: r.fate, email: r.email, phone: r.phone, externalId: r.external_id,
    profileId: r.profile_id, reason: r.reason, duplicateOf: r.duplicate_of, planned: r.planned,
  };
}

const fateClause = (fate: RowFate | undefined) => (fate === undefined ? emptySql : sql`AND fate = ${fate}`);

/** The search as one condition on a run's rows (pure); used when the run itself is read. */
export function searchCondition(search: RowSearch): SqlQuery {
  const branches: SqlQuery[] = [];
  if (search.emailPrefix) branches.push(sql`(email >= ${search.emailPrefix} AND email < ${prefixUpperBound(search.emailPrefix)})`);
  if (search.externalIdPrefix) {
    branches.push(sql`(external_id >= ${search.externalIdPrefix} AND external_id < ${prefixUpperBound(search.externalIdPrefix)})`);
  }
  for (const prefix of search.phonePrefixes) branches.push(sql`(phone >= ${prefix} AND phone < ${prefixUpperBound(prefix)})`);
  if (search.line !== null) branches.push(sql`line = ${search.line}`);
  return sql`(${sqlJoin(branches, sql` OR `)})`;
}

/**
 * The search as a union of range reads on the identifier indexes (pure). Those indexes are on the
 * identifier alone, but a WITHOUT ROWID table's index also holds the primary key (run_id, seq), so
 * the run is filtered inside the index, without touching the rows.
 */
export function indexedSearchSeqs(runId: string, search: RowSearch, lineSeq: number | null): SqlQuery {
  const parts: SqlQuery[] = [];
  if (search.emailPrefix) {
    parts.push(sql`SELECT seq FROM run_rows INDEXED BY run_rows_by_email
      WHERE email >= ${search.emailPrefix} AND email < ${prefixUpperBound(search.emailPrefix)} AND run_id = ${runId}`);
  }
  if (search.externalIdPrefix) {
    parts.push(sql`SELECT seq FROM run_rows INDEXED BY run_rows_by_external
      WHERE external_id >= ${search.externalIdPrefix} AND external_id < ${prefixUpperBound(search.externalIdPrefix)} AND run_id = ${runId}`);
  }
  for (const prefix of search.phonePrefixes) {
    parts.push(sql`SELECT seq FROM run_rows INDEXED BY run_rows_by_phone
      WHERE phone >= ${prefix} AND phone < ${prefixUpperBound(prefix)} AND run_id = ${runId}`);
  }
  if (lineSeq !== null) parts.push(sql`SELECT ${lineSeq}`);
  return sqlJoin(parts, sql` UNION `);
}

export interface RowsReader {
  list(filter: RowsFilter): RowsPage;
  /** Forgets cached positions (after retention, or in tests). */
  clear(): void;
}

export function createRowsReader(db: Db, options: { defaultRegion: () => string }): RowsReader {
  const positions = new VersionedCache<PositionState>();
  const searches = new VersionedCache<number[]>(16);

  const runVersion = (runId: string) => {
    const run = db.get<{ status: string; rows_purged: number }>(sql`SELECT status, rows_purged FROM runs WHERE id = ${runId}`);
    if (!run) throw runNotFound(runId);
    const status = z.enum(RUN_STATUSES).catch('running').parse(run.status);
    return { frozen: FROZEN_STATUSES.includes(status), version: `${status}:${run.rows_purged}` };
  };

  const firstSeq = (runId: string, order: 'first' | 'last'): number | null =>
    db.get<{ seq: number }>(order === 'first'
      ? sql`SELECT seq FROM run_rows WHERE run_id = ${runId} ORDER BY seq LIMIT 1`
      : sql`SELECT seq FROM run_rows WHERE run_id = ${runId} ORDER BY seq DESC LIMIT 1`)?.seq ?? null;

  const viewState = (runId: string, fate: RowFate | undefined): PositionState => {
    if (fate !== undefined) {
      const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM run_rows INDEXED BY run_rows_by_fate
        WHERE run_id = ${runId} AND fate = ${fate}`)?.n ?? 0;
      return { total, denseFrom: null, anchors: [] };
    }
    const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM run_rows WHERE run_id = ${runId}`)?.n ?? 0;
    const first = firstSeq(runId, 'first');
    const last = firstSeq(runId, 'last');
    const dense = first !== null && last !== null && last - first + 1 === total;
    return { total, denseFrom: dense ? first : null, anchors: [] };
  };

  /** The seq of the row `skip` places after the first row with seq ≥ `from`, in the view's order. */
  const walk = (runId: string, fate: RowFate | undefined, from: number, skip: number): number | null =>
    (fate === undefined
      ? db.get<{ seq: number }>(sql`SELECT seq FROM run_rows WHERE run_id = ${runId} AND seq >= ${from}
          ORDER BY seq LIMIT 1 OFFSET ${skip}`)
      : db.get<{ seq: number }>(sql`SELECT seq FROM run_rows INDEXED BY run_rows_by_fate
          WHERE run_id = ${runId} AND fate = ${fate} AND seq >= ${from} ORDER BY seq LIMIT 1 OFFSET ${skip}`))?.seq ?? null;

  /**
   * The seq of the row at `offset` in the view. From the nearest known position, it walks in strides
   * and remembers each stride's position, so the first jump deep into a run costs one walk and every
   * later one at most a stride.
   */
  const locate = (runId: string, fate: RowFate | undefined, state: PositionState, offset: number): number | null => {
    if (state.denseFrom !== null) return state.denseFrom + offset;
    let anchor = nearestAnchor(state.anchors, offset);
    while (offset - anchor.offset > ANCHOR_STRIDE) {
      const seq = walk(runId, fate, anchor.seq, ANCHOR_STRIDE);
      if (seq === null) return null;
      anchor = { offset: anchor.offset + ANCHOR_STRIDE, seq };
      addAnchor(state.anchors, anchor);
    }
    return walk(runId, fate, anchor.seq, offset - anchor.offset);
  };

  const pageFrom = (runId: string, fate: RowFate | undefined, seq: number, limit: number): RowRecordWithSeq[] =>
    db.all<unknown>(fate === undefined
      ? sql`SELECT ${rowColumns} FROM run_rows WHERE run_id = ${runId} AND seq >= ${seq} ORDER BY seq LIMIT ${limit}`
      : sql`SELECT ${rowColumns} FROM run_rows INDEXED BY run_rows_by_fate
          WHERE run_id = ${runId} AND fate = ${fate} AND seq >= ${seq} ORDER BY seq LIMIT ${limit}`)
      .map((raw) => toRowRecord(raw, db.path));

  /**
   * The seq of the row read from file line `line`. Rows are staged in file order, so lines grow with
   * seq (members removed, with no line, come last): a binary search of point reads on the primary key.
   */
  const seqOfLine = (runId: string, line: number): number | null => {
    let lo = firstSeq(runId, 'first');
    let hi = firstSeq(runId, 'last');
    if (lo === null || hi === null) return null;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = db.get<{ seq: number; line: number | null }>(sql`SELECT seq, line FROM run_rows
        WHERE run_id = ${runId} AND seq >= ${mid} ORDER BY seq LIMIT 1`);
      if (!row || row.seq > hi || row.line === null || row.line > line) hi = mid - 1;
      else if (row.line < line) lo = row.seq + 1;
      else return row.seq;
    }
    return null;
  };

  const searchHits = (runId: string, fate: RowFate | undefined, text: string, search: RowSearch): number[] => {
    const query = text.length < MIN_INDEXED_SEARCH
      ? sql`SELECT seq FROM run_rows WHERE run_id = ${runId} ${fateClause(fate)} AND ${searchCondition(search)} ORDER BY seq`
      : sql`SELECT seq FROM run_rows WHERE run_id = ${runId} ${fateClause(fate)}
          AND seq IN (${indexedSearchSeqs(runId, search, search.line === null ? null : seqOfLine(runId, search.line))}) ORDER BY seq`;
    return db.all<{ seq: number }>(query).map((row) => row.seq);
  };

  const searchPage = (filter: RowsFilter, search: RowSearch, text: string, run: { frozen: boolean; version: string }): RowsPage => {
    const key = viewKey(filter.runId, filter.fate, text);
    let hits = run.frozen ? searches.get(key, run.version) : undefined;
    if (!hits) {
      hits = searchHits(filter.runId, filter.fate, text, search);
      if (run.frozen && hits.length <= MAX_CACHED_HITS) searches.set(key, run.version, hits);
    }
    const slice = hits.slice(filter.offset, filter.offset + filter.limit);
    const rows = slice.length === 0 ? [] : db.all<unknown>(sql`SELECT ${rowColumns} FROM run_rows
      WHERE run_id = ${filter.runId} AND seq IN (${sqlJoin(slice)}) ORDER BY seq`).map((raw) => toRowRecord(raw, db.path));
    return { rows: rows.map(strip), total: hits.length };
  };

  return {
    list(filter) {
      const run = runVersion(filter.runId);
      const text = filter.search?.trim() ?? '';
      const search = text === '' ? null : parseRowSearch(text, options.defaultRegion());
      if (search) return searchPage(filter, search, text, run);

      const key = viewKey(filter.runId, filter.fate);
      let state = run.frozen ? positions.get(key, run.version) : undefined;
      if (!state) {
        state = viewState(filter.runId, filter.fate);
        if (run.frozen) positions.set(key, run.version, state);
      }
      if (filter.offset >= state.total) return { rows: [], total: state.total };
      const start = locate(filter.runId, filter.fate, state, filter.offset);
      if (start === null) return { rows: [], total: state.total };
      const rows = pageFrom(filter.runId, filter.fate, start, filter.limit);
      if (state.denseFrom === null) {
        addAnchor(state.anchors, { offset: filter.offset, seq: start });
        const last = rows[rows.length - 1];
        if (last && rows.length === filter.limit) addAnchor(state.anchors, { offset: filter.offset + rows.length, seq: last.seq + 1 });
      }
      return { rows: rows.map(strip), total: state.total };
    },
    clear() {
      positions.clear();
      searches.clear();
    },
  };
}

function strip({ seq: _seq, ...row }: RowRecordWithSeq): RowRecord {
  return row;
}
