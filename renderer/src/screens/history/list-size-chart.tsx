/** A list's size over time with its adds and removes per sync: an SVG chart and the same data as a table. */
import { useEffect, useId, useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { ListSizes } from '../../../../shared/history';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { chartGeometry } from '../../lib/chart';
import { errorData } from '../../lib/errors';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';

const BOX = { width: 640, height: 240, padLeft: 56, padRight: 16, padTop: 12, padBottom: 28 };

export function ListSizeChart({ listId }: { listId: string }) {
  const [data, setData] = useState<ListSizes | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [showTable, setShowTable] = useState(false);
  const id = useId();

  useEffect(() => {
    let current = true;
    setData(null);
    setError(null);
    api.getListSizes({ listId }).then((d) => {
      if (current) setData(d);
    }).catch((e: unknown) => {
      if (current) setError(errorData(e));
    });
    return () => {
      current = false;
    };
  }, [listId]);

  if (error) return <ErrorBox error={error} />;
  if (!data) return <div className="chart-frame"><Skeleton lines={6} label="Loading the chart" /></div>;
  if (data.points.length === 0) return <p className="muted">No completed sync of this list yet.</p>;
  const g = chartGeometry(data.points, BOX);
  const first = data.points[0];
  const last = data.points[data.points.length - 1];
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        “{data.listName}”: size after each sync{first && last
          ? data.points.length > 1 ? `, ${formatCount(first.size)} → ${formatCount(last.size)}` : `, ${formatCount(last.size)} after the only one so far`
          : ''}
      </figcaption>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={`Size of ${data.listName} over ${data.points.length} syncs; the table below has the numbers.`} className="chart-svg">
        {g.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={BOX.padLeft} x2={BOX.width - BOX.padRight} y1={t.y} y2={t.y} className="chart-grid" />
            <text x={BOX.padLeft - 6} y={t.y + 4} textAnchor="end" className="chart-label">{formatCount(t.value)}</text>
          </g>
        ))}
        <line x1={BOX.padLeft} x2={BOX.width - BOX.padRight} y1={g.changeBaseline} y2={g.changeBaseline} className="chart-grid" />
        <text x={BOX.padLeft - 6} y={g.changeBaseline - 4} textAnchor="end" className="chart-label">+{formatCount(g.maxChange)}</text>
        {g.bars.map((b, i) => (
          <g key={i}>
            <rect x={b.x} y={b.addY} width={b.width} height={b.addHeight} className="chart-add" />
            <rect x={b.x} y={b.removeY} width={b.width} height={b.removeHeight} className="chart-remove" />
          </g>
        ))}
        <path d={g.sizePath} className="chart-line" fill="none" />
        {g.points.map((p) => (
          <circle key={p.point.runId} cx={p.x} cy={p.y} r={3.5} className="chart-dot">
            <title>{`${formatDateTime(p.point.at)}: ${formatCount(p.point.size)} members (+${formatCount(p.point.added)} / −${formatCount(p.point.removed)})`}</title>
          </circle>
        ))}
        {first ? <text x={BOX.padLeft} y={BOX.height - 8} className="chart-label">{formatDate(first.at)}</text> : null}
        {last && data.points.length > 1 ? <text x={BOX.width - BOX.padRight} y={BOX.height - 8} textAnchor="end" className="chart-label">{formatDate(last.at)}</text> : null}
      </svg>
      <p className="chart-legend small">
        <span className="legend legend-line" aria-hidden="true" /> members
        <span className="legend legend-add" aria-hidden="true" /> added
        <span className="legend legend-remove" aria-hidden="true" /> removed
        <button type="button" className="link-button" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable((v) => !v)}>
          {showTable ? 'Hide the numbers' : 'Show as a table'}
        </button>
      </p>
      <div id={`${id}-table`} className={showTable ? '' : 'visually-hidden'}>
        <table className="data-table compact">
          <caption className="visually-hidden">Size of {data.listName} after each sync</caption>
          <thead><tr><th scope="col">Sync</th><th scope="col" className="num">Members</th><th scope="col" className="num">Added</th><th scope="col" className="num">Removed</th></tr></thead>
          <tbody>
            {data.points.map((p) => (
              <tr key={p.runId}>
                <td>{formatDateTime(p.at)}</td>
                <td className="num">{formatCount(p.size)}</td>
                <td className="num">{formatCount(p.added)}</td>
                <td className="num">{formatCount(p.removed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
