/** History: every sync and export, filterable; a person across runs; a list's size over time. Offline. */
import { useEffect } from 'react';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { formatCount } from '../../lib/format';
import { hasFilters } from '../../lib/history-query';
import { RUNS_PAGE, useHistory } from '../../stores/history-store';
import { useNav } from '../../stores/nav-store';
import { ListSizeChart } from './list-size-chart';
import { PersonSearch } from './person-search';
import { RunFilters } from './run-filters';
import { RunsTable } from './runs-table';

export function HistoryScreen() {
  const filters = useHistory((s) => s.filters);
  const offset = useHistory((s) => s.offset);
  const version = useHistory((s) => s.version);
  const page = useHistory((s) => s.page);
  const loading = useHistory((s) => s.loading);
  const error = useHistory((s) => s.error);
  const load = useHistory((s) => s.load);
  const setOffset = useHistory((s) => s.setOffset);
  const clearFilters = useHistory((s) => s.clearFilters);
  const go = useNav((s) => s.go);

  useEffect(() => {
    void load();
  }, [filters, offset, version, load]);

  const filtered = hasFilters(filters);
  const total = page?.total ?? 0;
  return (
    <section className="screen" aria-labelledby="history-title">
      <div className="screen-head">
        <div>
          <h1 id="history-title">History</h1>
          <p className="muted">Every sync and export on this computer. Works without a connection.</p>
        </div>
      </div>
      <PersonSearch />
      <RunFilters />
      {error ? <ErrorBox error={error} title="History could not be read" /> : null}
      {filters.listId ? <section className="card" aria-label="List size over time"><ListSizeChart listId={filters.listId} /></section> : null}
      <div className="results" aria-busy={loading}>
        <p className="small muted" role="status" aria-live="polite">
          {page ? `${formatCount(total)} ${total === 1 ? 'run' : 'runs'}${filtered ? ' match' : ''}${loading ? ' · updating…' : ''}` : ''}
        </p>
        {!page && loading ? <Skeleton lines={8} label="Loading runs" /> : null}
        {page && total === 0 && !filtered ? (
          <EmptyState title="No syncs yet" action={<button type="button" className="primary" onClick={() => go({ name: 'sync' })}>Start a sync</button>}>
            <p>Every sync and export you run shows up here, with what happened to every line.</p>
          </EmptyState>
        ) : null}
        {page && total === 0 && filtered ? (
          <EmptyState title="No run matches these filters" action={<button type="button" onClick={clearFilters}>Clear filters</button>} />
        ) : null}
        {page && page.runs.length > 0 ? <RunsTable runs={page.runs} /> : null}
        {page && total > RUNS_PAGE ? (
          <div className="row pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(offset - RUNS_PAGE)}>← Newer</button>
            <span>{formatCount(offset + 1)}–{formatCount(Math.min(offset + RUNS_PAGE, total))} of {formatCount(total)}</span>
            <button type="button" disabled={offset + RUNS_PAGE >= total} onClick={() => setOffset(offset + RUNS_PAGE)}>Older →</button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
