/**
 * A run's log as CSV: one line per row record (line, fate, identifiers, profile id, reason, the line a
 * duplicate was merged into). Streamed: rows are read in keyset chunks and appended to a temp file
 * beside the target, fsynced and renamed over it, so a failure never leaves half a file and memory
 * stays flat for a million-row run. Reading in chunks (not one open iterator across awaits) keeps
 * the connection free for the app's other queries between chunks.
 */
import { randomBytes } from 'node:crypto';
import { rm, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExportRunLogResult } from '../../../shared/history';
import { AppError } from '../../../shared/errors';
import { BufferedFile } from '../audience/buffered-file';
import { csvLine, spreadsheetCell } from '../audience/csv-write';
import { writeFailed } from '../audience/file-errors';
import { throwIfCancelled } from '../tasks';
import { sql } from '../store/sql';
import type { SqlRunner } from '../store/store';
import { rowColumns, toRowRecord, type RowRecordWithSeq } from './rows-query';
import { runNotFound } from './run-record';

export const RUN_LOG_HEADERS = ['line', 'fate', 'email', 'phone', 'external_id', 'profile_id', 'reason', 'duplicate_of'] as const;
const CHUNK = 5_000;

/** One CSV line of the log (pure). Cells a spreadsheet would run as a formula are defused. */
export function runLogLine(row: Omit<RowRecordWithSeq, 'seq'>): string {
  const cell = (value: string | number | null) => (value === null ? '' : String(value));
  return csvLine([
    cell(row.line), row.fate, cell(row.email), cell(row.phone), cell(row.externalId), cell(row.profileId),
    cell(row.reason), cell(row.duplicateOf),
  ], spreadsheetCell);
}

export async function exportRunLog(
  db: SqlRunner & { path: string }, input: { runId: string; path: string }, signal?: AbortSignal,
): Promise<ExportRunLogResult> {
  const run = db.get<{ rows_purged: number }>(sql`SELECT rows_purged FROM runs WHERE id = ${input.runId}`);
  if (!run) throw runNotFound(input.runId);
  if (run.rows_purged !== 0) {
    throw new AppError({
      code: 'RUN_STATE',
      message: 'The line-by-line detail of this sync was cleared by the "Keep row details for" setting, so there is no log to export. Its counts are still in the history.',
      details: { runId: input.runId },
    });
  }
  const target = resolve(input.path);
  const folder = dirname(target);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  let file: BufferedFile | undefined;
  let rows = 0;
  try {
    file = await BufferedFile.create(temp);
    await file.append(csvLine([...RUN_LOG_HEADERS]));
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      throwIfCancelled(signal);
      const chunk = db.all<unknown>(sql`SELECT ${rowColumns} FROM run_rows WHERE run_id = ${input.runId} AND seq > ${after}
        ORDER BY seq LIMIT ${CHUNK}`).map((raw) => toRowRecord(raw, db.path));
      let text = '';
      for (const row of chunk) text += runLogLine(row);
      if (text !== '') await file.append(text);
      rows += chunk.length;
      const last = chunk[chunk.length - 1];
      if (!last || chunk.length < CHUNK) break;
      after = last.seq;
    }
    await file.commit();
    file = undefined;
    await rename(temp, target);
  } catch (error) {
    await file?.discard();
    await rm(temp, { force: true }).catch(() => undefined);
    if (AppError.is(error)) throw error;
    throw writeFailed(error, folder);
  }
  return { path: target, rows };
}
