/**
 * The history list: runs filtered by list, status, kind, date range and a search over the list,
 * file and credential names, newest first, paged with the total. The filter is built as one `sql`
 * fragment so the page and its total always agree.
 */
import type { z } from 'zod';
import type { RunsPage, RunsQuerySchema } from '../../../shared/history';
import type { Logger } from '../log';
import { emptySql, sql, sqlJoin, type SqlQuery } from '../store/sql';
import type { SqlRunner } from '../store/store';
import { containsPattern } from './like';
import { parseRunRecord, runSummaryColumns, toRunSummary } from './run-record';

export type RunsFilter = z.output<typeof RunsQuerySchema>;

/** Timestamps are stored as `Date#toISOString()` (UTC, milliseconds); inputs are brought to that form so text comparison orders them. */
export function canonicalInstant(value: string): string {
  return new Date(value).toISOString();
}

/** The WHERE clause for a filter (pure; empty when nothing filters). */
export function runsWhere(filter: Omit<RunsFilter, 'limit' | 'offset'>): SqlQuery {
  const conditions: SqlQuery[] = [];
  if (filter.listId !== undefined) conditions.push(sql`r.list_id = ${filter.listId}`);
  if (filter.status !== undefined) conditions.push(sql`r.status = ${filter.status}`);
  if (filter.kind !== undefined) conditions.push(sql`r.kind = ${filter.kind}`);
  if (filter.since !== undefined) conditions.push(sql`r.created_at >= ${canonicalInstant(filter.since)}`);
  if (filter.until !== undefined) conditions.push(sql`r.created_at <= ${canonicalInstant(filter.until)}`);
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    conditions.push(sql`(r.list_name LIKE ${pattern} ESCAPE '\\' OR r.file_name LIKE ${pattern} ESCAPE '\\'
      OR r.credential_name LIKE ${pattern} ESCAPE '\\')`);
  }
  return conditions.length === 0 ? emptySql : sql`WHERE ${sqlJoin(conditions, sql` AND `)}`;
}

export function listRuns(db: SqlRunner & { path: string }, filter: RunsFilter, logger: Logger): RunsPage {
  const where = runsWhere(filter);
  const rows = db.all<unknown>(sql`SELECT ${runSummaryColumns} FROM runs r ${where}
    ORDER BY r.created_at DESC, r.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM runs r ${where}`)?.n ?? 0;
  return { runs: rows.map((row) => toRunSummary(parseRunRecord(row, db.path), logger)), total };
}
