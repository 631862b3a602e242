/** History filters as the screen holds them (form values) and as listRuns wants them. */
import type { RunsQuery } from '../../../shared/history';
import type { RunStatus } from '../../../shared/sync';

export interface HistoryFilters {
  search: string;
  listId: string;
  status: RunStatus | '';
  kind: 'sync' | 'export' | '';
  /** yyyy-mm-dd from <input type="date">, in the person's local time zone; '' when unset. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: HistoryFilters = { search: '', listId: '', status: '', kind: '', from: '', to: '' };

/** Local midnight of a yyyy-mm-dd date as ISO, or null when the text is not a date. */
function localDayStart(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The listRuns query for the filters. "To" is inclusive: a run on the 'to' day counts, so the bound
 * is the next local midnight.
 */
export function toRunsQuery(filters: HistoryFilters, page: { limit: number; offset: number }): NonNullable<RunsQuery> {
  const query: NonNullable<RunsQuery> = { limit: page.limit, offset: page.offset };
  const search = filters.search.trim();
  if (search) query.search = search.slice(0, 200);
  if (filters.listId) query.listId = filters.listId;
  if (filters.status) query.status = filters.status;
  if (filters.kind) query.kind = filters.kind;
  const from = localDayStart(filters.from);
  if (from) query.since = from.toISOString();
  const to = localDayStart(filters.to);
  if (to) {
    to.setDate(to.getDate() + 1);
    query.until = to.toISOString();
  }
  return query;
}

export function hasFilters(filters: HistoryFilters): boolean {
  return Object.values(filters).some((v) => v !== '');
}
