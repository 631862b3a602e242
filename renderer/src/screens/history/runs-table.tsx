/** A page of runs; each opens its detail. */
import type { RunSummary } from '../../../../shared/sync';
import { formatCount, formatDateTime, formatDuration, secondsBetween } from '../../lib/format';
import { STATUS_LABELS } from '../../lib/runs';
import { useNav } from '../../stores/nav-store';

export function StatusBadge({ status }: { status: RunSummary['status'] }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}

export function RunsTable({ runs }: { runs: RunSummary[] }) {
  const go = useNav((s) => s.go);
  return (
    <div className="table-scroll">
      <table className="data-table runs-table">
        <caption className="visually-hidden">Runs</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">List</th>
            <th scope="col">File</th>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Added</th>
            <th scope="col" className="num">Removed</th>
            <th scope="col" className="num">Rejected</th>
            <th scope="col" className="num">Took</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const took = run.actualSeconds ?? secondsBetween(run.startedAt, run.finishedAt);
            return (
              <tr key={run.id}>
                <td>
                  <button type="button" className="link-button" onClick={() => go({ name: 'run', runId: run.id })}>
                    {formatDateTime(run.startedAt ?? run.createdAt)}
                  </button>
                </td>
                <td>{run.kind === 'export' ? <span className="muted">SFTP export</span> : run.list?.name ?? '–'}</td>
                <td className="ellipsis" title={run.file.path}>{run.file.name}</td>
                <td>{run.credential?.name ?? run.account?.name ?? '–'}</td>
                <td><StatusBadge status={run.status} /></td>
                <td className="num">{formatCount(run.counts.added)}</td>
                <td className="num">{formatCount(run.counts.removed)}</td>
                <td className="num">{formatCount(run.counts.rejected)}</td>
                <td className="num">{took !== null ? formatDuration(took) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
