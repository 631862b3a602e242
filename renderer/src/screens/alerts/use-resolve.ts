/**
 * Resolve: a paused or interrupted run resumes where it stopped; a failed run (or one whose file must
 * be fixed) is run again: the New sync flow is filled in from it and opens on Review.
 */
import { useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { RunSummary } from '../../../../shared/sync';
import { errorData } from '../../lib/errors';
import { canResume } from '../../lib/runs';
import { useAlerts } from '../../stores/alerts-store';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';
import { useSession } from '../../stores/session-store';
import { useSyncFlow } from '../../stores/sync-flow-store';

export function resolveMeans(run: RunSummary): 'resume' | 'rerun' {
  return canResume(run) && run.action?.kind !== 'fix_file' ? 'resume' : 'rerun';
}

export function useResolve(run: RunSummary) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const go = useNav((s) => s.go);

  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      if (resolveMeans(run) === 'resume') {
        const summary = await api.resumeRun({ runId: run.id });
        useRuns.getState().upsert(summary);
        void useAlerts.getState().load();
        // Where the person watches it: the sync flow if this is its run, else the run's page.
        if (useSyncFlow.getState().runId === run.id) go({ name: 'sync' });
        else go({ name: 'run', runId: run.id });
        return;
      }
      const detail = await api.getRun({ runId: run.id });
      if (run.credential?.id && useSession.getState().credentials.some((c) => c.id === run.credential?.id)) {
        useSession.getState().setActive(run.credential.id);
      }
      go({ name: 'sync' });
      await useSyncFlow.getState().prefillFrom({
        path: detail.file.path,
        mapping: detail.mapping,
        list: detail.list ? (detail.list.id ? { kind: 'existing', id: detail.list.id, name: detail.list.name } : { kind: 'new', name: detail.list.name }) : null,
        mode: detail.mode ?? 'add',
        content: detail.content ?? 'identifiers',
      });
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
    }
  };

  return { resolve, busy, error, means: resolveMeans(run) };
}
