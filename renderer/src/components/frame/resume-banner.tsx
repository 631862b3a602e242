/** On start, runs left paused or interrupted are offered for resuming (one banner, one run at a time). */
import { useState } from 'react';
import { formatDateTime, formatPercent } from '../../lib/format';
import { settledShare, STATUS_LABELS } from '../../lib/runs';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';

export function ResumeBanner() {
  const offered = useRuns((s) => s.offered);
  const runs = useRuns((s) => s.runs);
  const resume = useRuns((s) => s.resume);
  const setAside = useRuns((s) => s.setAside);
  const busy = useRuns((s) => s.busy);
  const errors = useRuns((s) => s.controlErrors);
  const go = useNav((s) => s.go);
  const screen = useNav((s) => s.screen);
  const [index, setIndex] = useState(0);

  // Not while the person is already looking at that run or its alert.
  const viewing = screen.name === 'run' || screen.name === 'alert' ? screen.runId : null;
  const ids = offered.filter((id) => runs[id] && id !== viewing);
  if (ids.length === 0) return null;
  const run = runs[ids[Math.min(index, ids.length - 1)] ?? ''];
  if (!run) return null;
  const what = run.list ? `the sync to “${run.list.name}”` : `the ${run.kind} of ${run.file.name}`;
  const error = errors[run.id];
  return (
    <section className="resume-banner" aria-label="Unfinished syncs" role="region">
      <p>
        <strong>{run.action ? 'Needs your attention' : STATUS_LABELS[run.status]}:</strong> {what} ({run.file.name}) stopped at {formatPercent(settledShare(run))}
        {run.startedAt ? `, started ${formatDateTime(run.startedAt)}` : ''}.
        {run.action ? ` ${run.action.title}.` : ''}
        {ids.length > 1 ? <span className="muted"> {ids.length - 1} more unfinished.</span> : null}
      </p>
      {error ? <p className="field-error" role="alert">{error.message}</p> : null}
      {run.action ? (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => go({ name: 'alert', runId: run.id })}>Fix it</button>
          <button type="button" onClick={() => { setAside(run.id); setIndex(0); }}>Not now</button>
        </div>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="primary"
            disabled={busy[run.id] === true}
            onClick={async () => {
              const resumed = await resume(run.id);
              if (resumed) go({ name: 'run', runId: run.id });
            }}
          >
            Resume
          </button>
          <button type="button" onClick={() => go({ name: 'run', runId: run.id })}>View</button>
          <button type="button" onClick={() => { setAside(run.id); setIndex(0); }}>Not now</button>
        </div>
      )}
    </section>
  );
}
