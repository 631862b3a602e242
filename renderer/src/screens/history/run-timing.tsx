/** When the run happened, and how long each phase took against its estimate. */
import type { RunDetail } from '../../../../shared/history';
import { formatCount, formatDateTime, formatDuration, secondsBetween } from '../../lib/format';
import { PHASE_LABELS } from '../../lib/runs';

export function RunTiming({ run }: { run: RunDetail }) {
  const took = run.actualSeconds ?? secondsBetween(run.startedAt, run.finishedAt);
  const phases = run.phases.filter((p) => p.startedAt || p.estimateSeconds !== null);
  return (
    <section className="card" aria-labelledby="timing-title">
      <h2 id="timing-title">Timing</h2>
      <dl className="facts">
        <div><dt>Planned</dt><dd>{formatDateTime(run.createdAt)}</dd></div>
        <div><dt>Started</dt><dd>{formatDateTime(run.startedAt)}</dd></div>
        <div><dt>Finished</dt><dd>{formatDateTime(run.finishedAt)}</dd></div>
        <div><dt>Took</dt><dd>{took !== null ? formatDuration(took) : '–'}</dd></div>
        <div><dt>Estimated</dt><dd>{run.estimateSeconds !== null ? formatDuration(run.estimateSeconds) : '–'}</dd></div>
      </dl>
      {phases.length > 0 ? (
        <table className="data-table compact">
          <caption className="visually-hidden">Estimate and actual time per phase</caption>
          <thead>
            <tr><th scope="col">Phase</th><th scope="col" className="num">Requests</th><th scope="col" className="num">Estimated</th><th scope="col" className="num">Actual</th></tr>
          </thead>
          <tbody>
            {phases.map((p) => {
              const actual = secondsBetween(p.startedAt, p.finishedAt);
              return (
                <tr key={p.phase}>
                  <th scope="row">{PHASE_LABELS[p.phase]}</th>
                  <td className="num">{formatCount(p.requests)}</td>
                  <td className="num">{p.estimateSeconds !== null ? formatDuration(p.estimateSeconds) : '–'}</td>
                  <td className="num">{actual !== null ? formatDuration(actual) : p.startedAt ? 'in progress' : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
