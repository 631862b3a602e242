/** How long the sync should take, per phase, with how each figure was worked out. */
import type { Estimate } from '../../../../shared/sync';
import { formatCount, formatDuration } from '../../lib/format';
import { PHASE_LABELS } from '../../lib/runs';

export function EstimateTable({ estimate }: { estimate: Estimate }) {
  return (
    <section aria-labelledby="estimate-title" className="estimate">
      <h3 id="estimate-title">Time estimate: about {formatDuration(estimate.seconds)}</h3>
      <table className="data-table compact">
        <thead>
          <tr><th scope="col">Phase</th><th scope="col" className="num">Requests</th><th scope="col" className="num">Time</th><th scope="col">Based on</th></tr>
        </thead>
        <tbody>
          {estimate.phases.map((p) => (
            <tr key={p.phase}>
              <th scope="row">{PHASE_LABELS[p.phase]}</th>
              <td className="num">{formatCount(p.requests)}</td>
              <td className="num">{formatDuration(p.seconds)}</td>
              <td className="muted">{p.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
