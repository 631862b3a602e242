/** A run as it happens: a bar per phase with rate and ETA, its status, its controls, and its fix if it stopped. */
import { useEffect } from 'react';
import { api } from '../../../api';
import type { RunProgress, RunSummary } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { ProgressBar } from '../../components/ui/progress-bar';
import { Skeleton } from '../../components/ui/skeleton';
import { formatCount, formatEta, formatPercent, formatRate } from '../../lib/format';
import { isFinished, overallShare, PHASE_LABELS, PHASE_UNITS, runWork, settledShare, STATUS_LABELS } from '../../lib/runs';
import { useRuns } from '../../stores/runs-store';
import { ActionPanel } from '../alerts/action-panel';
import { RunControls } from './run-controls';

function statusSentence(run: RunSummary, progress: RunProgress | undefined): string {
  if (run.status === 'running' && progress) {
    const eta = formatEta(progress.etaSeconds);
    return `Running: ${PHASE_LABELS[progress.phase]}, ${formatPercent(overallShare(progress.phases))} done${eta ? `, ${eta}` : ''}.`;
  }
  if (run.status === 'running') return 'Running: starting…';
  if (run.status === 'paused') return run.action ? `Paused: ${run.action.title}` : 'Paused. Resume when you are ready.';
  if (run.status === 'interrupted') return 'Interrupted: the app stopped in the middle of this sync. Resume to pick up where it left off.';
  return STATUS_LABELS[run.status];
}

export function RunLive({ runId }: { runId: string }) {
  const run = useRuns((s) => s.runs[runId]);
  const progress = useRuns((s) => s.progress[runId]);
  const upsert = useRuns((s) => s.upsert);

  useEffect(() => {
    if (run) return;
    let current = true;
    api.getRun({ runId }).then((detail) => {
      if (current) upsert(detail);
    }).catch(() => undefined);
    return () => {
      current = false;
    };
  }, [run, runId, upsert]);

  if (!run) return <Skeleton lines={4} label="Loading the sync" />;
  const live = run.status === 'running' && progress;
  const work = runWork(run);
  return (
    <section className="run-live" aria-label="Sync progress">
      <p className="run-status" role="status" aria-live="polite">{statusSentence(run, progress)}</p>
      <div className="phase-bars">
        {live ? progress.phases.filter((p) => p.state !== 'skipped').map((p) => {
          const active = p.phase === progress.phase && p.state === 'active';
          const unit = PHASE_UNITS[p.phase];
          const detail = p.total > 0 ? `${formatCount(p.done)} of ${formatCount(p.total)} ${unit}` : '';
          const extra = active ? ` · ${formatRate(progress.ratePerSecond, unit)}${formatEta(progress.etaSeconds) ? ` · ${formatEta(progress.etaSeconds)}` : ''}` : '';
          return (
            <ProgressBar
              key={p.phase}
              label={PHASE_LABELS[p.phase]}
              share={p.state === 'done' ? 1 : p.state === 'pending' ? 0 : p.total > 0 ? p.done / p.total : null}
              detail={`${detail}${extra}`}
              tone={p.state === 'done' ? 'done' : p.state === 'pending' ? 'muted' : 'normal'}
            />
          );
        }) : (
          <ProgressBar
            label={isFinished(run.status) ? STATUS_LABELS[run.status] : 'Overall'}
            share={run.status === 'running' && run.counts.total === 0 ? null : settledShare(run)}
            detail={`${formatCount(work.sent)} of ${formatCount(work.total)} people synced`}
            tone={run.status === 'paused' || run.status === 'interrupted' ? 'paused' : isFinished(run.status) ? 'done' : 'normal'}
          />
        )}
      </div>
      {run.action && run.status !== 'completed' && run.status !== 'cancelled' ? <ActionPanel run={run} /> : null}
      {!run.action && run.lastError && run.status !== 'completed' ? <ErrorBox error={run.lastError} title="The sync stopped" /> : null}
      <RunControls run={run} />
    </section>
  );
}
