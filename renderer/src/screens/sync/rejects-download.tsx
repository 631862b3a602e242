/**
 * Saving the rejected lines before syncing: writes the audience, the rejects and a summary to a folder
 * (the same files Export for SFTP writes), so a marketer can fix the file and try again.
 */
import { useState } from 'react';
import { api, shell } from '../../../api';
import type { ExportResult } from '../../../../shared/audience';
import type { AppErrorData } from '../../../../shared/errors';
import type { Mapping } from '../../../../shared/mapping';
import { ErrorBox } from '../../components/ui/error-box';
import { ProgressBar } from '../../components/ui/progress-bar';
import { errorData, isCancelled } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { newTaskId } from '../../lib/ids';
import { describeTask } from '../../lib/runs';
import { useTaskProgress } from '../../stores/tasks-store';

export function RejectsDownload({ path, mapping, rejected }: { path: string; mapping: Mapping; rejected: number }) {
  const [taskId, setTaskId] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const progress = useTaskProgress(taskId);

  const save = async () => {
    setError(null);
    let outDir: string | null;
    try {
      outDir = await shell.pickFolder();
    } catch (e) {
      setError(errorData(e));
      return;
    }
    if (!outDir) return;
    const id = newTaskId('rejects');
    setTaskId(id);
    setResult(null);
    try {
      setResult(await api.exportAudience({ taskId: id, path, mapping, outDir }));
    } catch (e) {
      if (!isCancelled(e)) setError(errorData(e));
    } finally {
      setTaskId(null);
    }
  };

  if (rejected === 0) return null;
  const task = progress ? describeTask(progress) : null;
  return (
    <div className="rejects-download">
      {taskId ? (
        <div className="row">
          <ProgressBar label={task?.label ?? 'Writing files'} share={task?.share ?? null} detail={task?.detail} />
          <button type="button" onClick={() => void api.cancelTask({ taskId })}>Cancel</button>
        </div>
      ) : (
        <button type="button" onClick={() => void save()}>Save the {formatCount(rejected)} rejected lines…</button>
      )}
      <div role="status" aria-live="polite">
        {result ? <p className="small">Saved: <code>{result.files.rejects}</code> ({formatCount(result.counts.rejected)} lines, with the reason for each).</p> : null}
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
