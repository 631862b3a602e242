import { sql } from '../sql';
import type { Migration } from './types';

/**
 * Finds a run's duplicate lines from the line they were merged into. The pipeline does not repeat a
 * duplicate's identifiers (it only points at the kept line), so "what happened to jane@example.com"
 * reaches her duplicate lines through her kept line: (run_id, duplicate_of). Partial: only
 * duplicates are indexed (a few percent of the rows), so staging pays almost nothing for it.
 */
export const migration003: Migration = {
  version: 3,
  name: 'duplicate-lines-index',
  up(db) {
    db.exec(sql`CREATE INDEX run_rows_by_duplicate ON run_rows(run_id, duplicate_of) WHERE duplicate_of IS NOT NULL;`);
  },
};
