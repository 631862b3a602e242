/** History's filters: search, list, status, kind and a date range. */
import { useEffect, useState } from 'react';
import { RUN_STATUSES, type RunStatus } from '../../../../shared/sync';
import { hasFilters } from '../../lib/history-query';
import { useDebounced } from '../../lib/hooks';
import { STATUS_LABELS } from '../../lib/runs';
import { useHistory } from '../../stores/history-store';

export function RunFilters() {
  const filters = useHistory((s) => s.filters);
  const setFilters = useHistory((s) => s.setFilters);
  const clearFilters = useHistory((s) => s.clearFilters);
  const knownLists = useHistory((s) => s.knownLists);
  const [search, setSearch] = useState(filters.search);
  const settled = useDebounced(search, 300);

  useEffect(() => {
    if (settled !== useHistory.getState().filters.search) setFilters({ search: settled });
  }, [settled, setFilters]);
  useEffect(() => {
    // "Clear filters" empties the store; the box follows.
    if (filters.search === '') setSearch('');
  }, [filters.search]);

  const lists = Object.entries(knownLists).sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <form className="filters" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="runs-search">Search</label>
        <input id="runs-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="List, file or account" />
      </div>
      <div className="field">
        <label htmlFor="runs-list">List</label>
        <select id="runs-list" value={filters.listId} onChange={(e) => setFilters({ listId: e.target.value })}>
          <option value="">All lists</option>
          {lists.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="runs-status">Status</label>
        <select id="runs-status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as RunStatus | '' })}>
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="runs-kind">Kind</label>
        <select id="runs-kind" value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value as 'sync' | 'export' | '' })}>
          <option value="">Syncs and exports</option>
          <option value="sync">Syncs</option>
          <option value="export">SFTP exports</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="runs-from">From</label>
        <input id="runs-from" type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="runs-to">To</label>
        <input id="runs-to" type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      </div>
      <div className="field field-button">
        <button type="button" onClick={clearFilters} disabled={!hasFilters(filters)}>Clear filters</button>
      </div>
    </form>
  );
}
