/** Export step: pick a folder, write the SFTP-ready CSV with its rejects and summary, with progress and cancel. */
import { shell } from '../../../api';
import { useState } from 'react';
import type { ExportResult, RejectReason } from '../../../../shared/audience';
import { CountTiles } from '../../components/ui/count-tiles';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { ProgressBar } from '../../components/ui/progress-bar';
import { errorData } from '../../lib/errors';
import { formatCount, formatDuration } from '../../lib/format';
import { describeTask } from '../../lib/runs';
import { useExportFlow } from '../../stores/export-flow-store';
import { useNav } from '../../stores/nav-store';
import { useTaskProgress } from '../../stores/tasks-store';

const REASON_WORDS: Record<RejectReason, string> = {
  field_count: 'wrong number of fields', no_identifier: 'no email, phone or id', invalid_email: 'invalid email',
  invalid_phone: 'invalid phone', invalid_value: 'value of the wrong type', too_large: 'profile too large',
  conflict: 'conflicting identifiers',
};

function ExportDone({ result }: { result: ExportResult }) {
  const go = useNav((s) => s.go);
  const c = result.counts;
  const reasons = Object.entries(c.rejectedBy).filter(([, n]) => (n ?? 0) > 0);
  return (
    <div className="stack">
      <Notice tone="success" live title="The files are ready">
        <p>Written in {formatDuration(result.durationMs / 1000)}. Upload the audience file with Klaviyo’s SFTP import.</p>
      </Notice>
      <CountTiles
        label="What was written"
        tiles={[
          { label: 'Profiles in the audience file', value: c.accepted, tone: 'add' },
          { label: 'Rejected lines', value: c.rejected, tone: c.rejected > 0 ? 'warn' : 'neutral' },
          { label: 'Duplicates merged', value: c.duplicates },
          { label: 'Blank lines skipped', value: c.blank },
        ]}
      />
      {reasons.length > 0 ? (
        <p className="muted">Rejected because of: {reasons.map(([r, n]) => `${REASON_WORDS[r as RejectReason] ?? r} (${formatCount(n ?? 0)})`).join(', ')}.</p>
      ) : null}
      <table className="data-table compact files-table">
        <caption>Files written</caption>
        <tbody>
          <tr><th scope="row">Audience (Email, PhoneNumber, ExternalID…)</th><td><code>{result.files.audience}</code></td></tr>
          <tr><th scope="row">Rejected lines with reasons</th><td><code>{result.files.rejects}</code></td></tr>
          <tr><th scope="row">Summary</th><td><code>{result.files.summary}</code></td></tr>
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={() => go({ name: 'run', runId: result.runId })}>Open in History</button>
      </div>
    </div>
  );
}

export function ExportStep({ onBack, onAnother }: { onBack(): void; onAnother(): void }) {
  const outDir = useExportFlow((s) => s.outDir);
  const setOutDir = useExportFlow((s) => s.setOutDir);
  const taskId = useExportFlow((s) => s.taskId);
  const result = useExportFlow((s) => s.result);
  const error = useExportFlow((s) => s.error);
  const cancelled = useExportFlow((s) => s.cancelled);
  const run = useExportFlow((s) => s.run);
  const cancel = useExportFlow((s) => s.cancel);
  const progress = useTaskProgress(taskId);
  const [pickError, setPickError] = useState<string | null>(null);

  const pick = async () => {
    setPickError(null);
    try {
      const dir = await shell.pickFolder();
      if (dir) setOutDir(dir);
    } catch (e) {
      setPickError(errorData(e).message);
    }
  };

  const task = progress ? describeTask(progress) : null;
  return (
    <div className="step-body">
      <div className="field">
        <span className="label">Folder for the files</span>
        <div className="row">
          <code className="path-box" aria-live="polite">{outDir ?? 'No folder chosen yet'}</code>
          <button type="button" onClick={() => void pick()} disabled={taskId !== null}>{outDir ? 'Change folder…' : 'Choose a folder…'}</button>
        </div>
        {pickError ? <p className="field-error" role="alert">{pickError}</p> : null}
      </div>
      {taskId ? (
        <div className="row" aria-busy="true">
          <ProgressBar label={task?.label ?? 'Writing files'} share={task?.share ?? null} detail={task?.detail} />
          <button type="button" onClick={() => void cancel()}>Cancel</button>
        </div>
      ) : null}
      {cancelled ? <Notice tone="info" live><p>Export cancelled. Nothing was left half-written.</p></Notice> : null}
      {error ? <ErrorBox error={error} title="The files could not be written" /> : null}
      {result ? <ExportDone result={result} /> : null}
      <div className="step-actions">
        <button type="button" onClick={onBack} disabled={taskId !== null}>Back</button>
        {result
          ? <button type="button" className="primary" onClick={onAnother}>Export another file</button>
          : <button type="button" className="primary" aria-disabled={!outDir || taskId !== null} onClick={() => { if (outDir && !taskId) void run(); }}>Write the files</button>}
      </div>
    </div>
  );
}
