/** One alert: what happened, the steps, the fix, Resolve; or dismiss it. */
import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { Skeleton } from '../../components/ui/skeleton';
import { errorData } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { STATUS_LABELS } from '../../lib/runs';
import { useAlerts } from '../../stores/alerts-store';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';
import { ActionPanel } from './action-panel';

export function AlertDetailScreen({ runId }: { runId: string }) {
  const alert = useAlerts((s) => s.alerts.find((a) => a.runId === runId));
  const dismiss = useAlerts((s) => s.dismiss);
  const live = useRuns((s) => s.runs[runId]);
  const upsert = useRuns((s) => s.upsert);
  const go = useNav((s) => s.go);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [confirming, setConfirming] = useState(false);

  // The alert list may not hold this run (opened from a link, or resolved elsewhere): read the run itself.
  useEffect(() => {
    if (live) return;
    api.getRun({ runId }).then(upsert).catch((e: unknown) => setError(errorData(e)));
  }, [live, runId, upsert]);

  const run = live ?? alert?.run;
  return (
    <section className="screen" aria-labelledby="alert-title">
      <div className="screen-head">
        <div>
          <button type="button" className="link-button" onClick={() => go({ name: 'alerts' })}>← All alerts</button>
          <h1 id="alert-title">{run?.action?.title ?? 'Alert'}</h1>
          {run ? (
            <p className="muted">
              {run.list ? `Sync to “${run.list.name}”` : 'Export'} from {run.file.name} · {STATUS_LABELS[run.status]} · {formatDateTime(run.startedAt ?? run.createdAt)}
            </p>
          ) : null}
        </div>
        {run ? <button type="button" onClick={() => go({ name: 'run', runId })}>Open the run</button> : null}
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {!run && !error ? <Skeleton lines={5} label="Loading the alert" /> : null}
      {run && run.action && run.status !== 'completed' && run.status !== 'cancelled' ? <ActionPanel run={run} headingLevel={2} title="What happened and how to fix it" /> : null}
      {run && !run.action ? <Notice tone="success"><p>This sync no longer needs anything from you: it is {STATUS_LABELS[run.status].toLowerCase()}.</p></Notice> : null}
      {alert ? (
        <div className="button-row">
          <button type="button" className="link-button" onClick={() => setConfirming(true)}>Dismiss this alert</button>
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Dismiss this alert?"
          confirmLabel="Dismiss"
          cancelLabel="Keep it"
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            try {
              await dismiss(runId);
              go({ name: 'alerts' });
            } catch (e) {
              setError(errorData(e));
              setConfirming(false);
            }
          }}
        >
          <p>The run stays in History as it is; it is only removed from the alerts.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
