/** Saves a run's row-by-row log (every line's fate, rejects and import errors with reasons) as CSV. */
import { useState } from 'react';
import { api, shell } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { RunSummary } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { errorData } from '../../lib/errors';
import { plural } from '../../lib/format';

function logFileName(run: RunSummary): string {
  const base = (run.list?.name ?? run.file.name.replace(/\.[^.]+$/, '')).replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'run';
  const day = (run.finishedAt ?? run.createdAt).slice(0, 10);
  return `${base} ${day} log.csv`;
}

export function RunLogExport({ run, label = 'Save the run log as CSV…' }: { run: RunSummary; label?: string }) {
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const save = async () => {
    setError(null);
    setSaved(null);
    try {
      const path = await shell.pickSavePath(logFileName(run));
      if (!path) return;
      setSaving(true);
      const result = await api.exportRunLog({ runId: run.id, path });
      setSaved(`Saved ${plural(result.rows, 'row')} to ${result.path}`);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="run-log-export">
      <button type="button" onClick={() => void save()} disabled={saving}>{saving ? 'Saving…' : label}</button>
      <p role="status" aria-live="polite" className="small">{saved}</p>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
