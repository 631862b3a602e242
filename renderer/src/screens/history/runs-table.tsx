/** A page of runs; each opens its detail. */
import type { RunSummary } from '../../../../shared/sync';
import { formatCount, formatDateTime, formatDuration, secondsBetween } from '../../lib/format';
import { sentCountCell, STATUS_LABELS, type SentCountCell } from '../../lib/runs';
import { useNav } from '../../stores/nav-store';

export function StatusBadge({ status }: { status: RunSummary['status'] }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}

/** A count, or a dash a screen reader hears as its reason. */
function SentCount({ cell }: { cell: SentCountCell }) {
  if (cell.label === null) return <td className="num">{cell.text}</td>;
  return (
    <td className="num muted">
      <span aria-hidden="true" title={cell.label}>{cell.text}</span>
      <span className="visually-hidden">{cell.label}</span>
    </td>
  );
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
                <SentCount cell={sentCountCell(run, 'added')} />
                <SentCount cell={sentCountCell(run, 'removed')} />
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
