/** A run as the contract shows it (RunSummary), read fresh from the history. */
import type { RunSummary } from '../../../shared/sync';
import { parseRunRecord, runSummaryColumns, toRunSummary } from '../history/run-record';
import type { Logger } from '../log';
import { runNotFoundError } from '../store/runs-repo';
import { sql } from '../store/sql';
import type { Store } from '../store/store';

export function readRunSummary(store: Store, runId: string, logger: Logger): RunSummary {
  const row = store.get<unknown>(sql`SELECT ${runSummaryColumns} FROM runs AS r WHERE r.id = ${runId}`);
  if (row === undefined) throw runNotFoundError(runId);
  return toRunSummary(parseRunRecord(row, store.path), logger);
}
