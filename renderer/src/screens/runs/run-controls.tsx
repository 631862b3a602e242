/** Pause, resume and cancel (cancel asks first: what was sent stays sent). */
import { useState } from 'react';
import type { RunSummary } from '../../../../shared/sync';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { canCancel, canPause, canResume } from '../../lib/runs';
import { useRuns } from '../../stores/runs-store';

export function RunControls({ run }: { run: RunSummary }) {
  const pause = useRuns((s) => s.pause);
  const resume = useRuns((s) => s.resume);
  const cancel = useRuns((s) => s.cancel);
  const busy = useRuns((s) => s.busy[run.id] === true);
  const error = useRuns((s) => s.controlErrors[run.id]);
  const [confirming, setConfirming] = useState(false);

  if (!canPause(run) && !canResume(run) && !canCancel(run)) return null;
  return (
    <div className="run-controls">
      <div className="button-row">
        {canPause(run) ? <button type="button" disabled={busy} onClick={() => void pause(run.id)}>Pause</button> : null}
        {canResume(run) && !run.action ? <button type="button" className="primary" disabled={busy} onClick={() => void resume(run.id)}>Resume</button> : null}
        {canCancel(run) ? <button type="button" className="danger-quiet" disabled={busy} onClick={() => setConfirming(true)}>Cancel sync</button> : null}
      </div>
      {error ? <p className="field-error" role="alert">{error.message}</p> : null}
      {confirming ? (
        <ConfirmDialog
          title="Cancel this sync?"
          confirmLabel="Cancel the sync"
          cancelLabel="Keep syncing"
          tone="danger"
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await cancel(run.id);
            setConfirming(false);
          }}
        >
          <p>What was already sent stays in Klaviyo: people added so far stay on the list. Nothing more is sent, and the run cannot be resumed.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
