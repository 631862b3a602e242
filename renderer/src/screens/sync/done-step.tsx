/** Step 6: what the sync did, the log to download, and where to find it later. */
import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { RunDetail } from '../../../../shared/history';
import { CountTiles } from '../../components/ui/count-tiles';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { Skeleton } from '../../components/ui/skeleton';
import { formatDuration, secondsBetween } from '../../lib/format';
import { STATUS_LABELS } from '../../lib/runs';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';
import { RunLogExport } from '../runs/run-log-export';

export function DoneStep({ runId, onAnother }: { runId: string; onAnother(): void }) {
  const live = useRuns((s) => s.runs[runId]);
  const go = useNav((s) => s.go);
  const [detail, setDetail] = useState<RunDetail | null>(null);

  // The final summary comes from the core (getRun), not only from the last event this window saw.
  useEffect(() => {
    let current = true;
    api.getRun({ runId }).then((d) => {
      if (current) setDetail(d);
    }).catch(() => undefined);
    return () => {
      current = false;
    };
  }, [runId, live?.status]);

  const run = detail ?? live;
  if (!run) return <div className="step-body"><Skeleton lines={5} label="Loading the summary" /></div>;
  const seconds = run.actualSeconds ?? secondsBetween(run.startedAt, run.finishedAt);
  const tone = run.status === 'completed' ? 'success' : run.status === 'cancelled' ? 'info' : 'warning';
  const c = run.counts;
  return (
    <div className="step-body">
      <Notice tone={tone} live title={`${STATUS_LABELS[run.status]}: ${run.list ? `“${run.list.name}”` : run.file.name}`}>
        <p>
          {seconds !== null ? `Took ${formatDuration(seconds)}` : ''}
          {seconds !== null && run.estimateSeconds !== null ? ` (estimated ${formatDuration(run.estimateSeconds)})` : ''}
          {seconds !== null ? '.' : ''}
        </p>
      </Notice>
      <CountTiles
        label="What the sync did"
        tiles={[
          { label: 'Added', value: c.added, tone: 'add' },
          { label: 'Updated', value: c.updated, tone: 'update' },
          { label: 'Removed', value: c.removed, tone: 'remove' },
          { label: 'Unchanged', value: c.unchanged },
          { label: 'Rejected', value: c.rejected, tone: c.rejected > 0 ? 'warn' : 'neutral' },
          { label: 'Duplicates', value: c.duplicates },
          ...(c.failed > 0 ? [{ label: 'Failed in Klaviyo', value: c.failed, tone: 'danger' as const }] : []),
        ]}
      />
      {run.lastError && run.status !== 'completed' ? <ErrorBox error={run.lastError} /> : null}
      <div className="card">
        <h3>Rejects and import errors</h3>
        <p className="muted">The log lists every line of the file with what happened to it, and the reason for each rejected or failed line.</p>
        <RunLogExport run={run} />
      </div>
      <div className="step-actions">
        <button type="button" onClick={() => go({ name: 'run', runId: run.id })}>Open in History</button>
        <button type="button" className="primary" onClick={onAnother}>Start another sync</button>
      </div>
    </div>
  );
}
