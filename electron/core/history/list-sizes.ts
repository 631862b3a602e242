/**
 * A list's size after each finished sync, for the chart: Klaviyo's own count read when the run
 * finished, or (when that read was not possible) the count before plus what the run added and removed.
 */
import { z } from 'zod';
import type { ListSizePoint, ListSizes } from '../../../shared/history';
import { RUN_STATUSES } from '../../../shared/sync';
import type { Logger } from '../log';
import { sql } from '../store/sql';
import type { SqlRunner } from '../store/store';

const SizeRowSchema = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  at: z.string(),
  list_name: z.string().nullable(),
  list_size_before: z.number().int().nullable(),
  list_size_after: z.number().int().nullable(),
  added: z.number().int(),
  removed: z.number().int(),
});
type SizeRow = z.infer<typeof SizeRowSchema>;

/** The size a finished run left the list at, or null when the history can't tell (pure). */
export function sizeAfter(row: Pick<SizeRow, 'list_size_before' | 'list_size_after' | 'added' | 'removed'>): number | null {
  if (row.list_size_after !== null) return row.list_size_after;
  if (row.list_size_before === null) return null;
  return Math.max(0, row.list_size_before + row.added - row.removed);
}

export function getListSizes(db: SqlRunner, listId: string, logger: Logger): ListSizes {
  // Newest first through runs_by_list, then reversed: the chart reads left to right.
  const rows = db.all<unknown>(sql`SELECT id, status, coalesce(finished_at, created_at) AS at, list_name,
      list_size_before, list_size_after, added, removed
    FROM runs WHERE list_id = ${listId} AND kind = 'sync' AND status IN ('completed', 'cancelled', 'failed')
    ORDER BY created_at DESC`).flatMap((raw) => {
    const parsed = SizeRowSchema.safeParse(raw);
    if (!parsed.success) logger.warn('a run is damaged; left out of the list size chart', { listId });
    return parsed.success ? [parsed.data] : [];
  });
  const points: ListSizePoint[] = [];
  for (const row of [...rows].reverse()) {
    const size = sizeAfter(row);
    if (size !== null) points.push({ at: row.at, runId: row.id, size, added: row.added, removed: row.removed });
  }
  return { listId, listName: rows.find((r) => r.list_name !== null)?.list_name ?? '', points };
}
