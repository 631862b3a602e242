/**
 * Live runs: the latest summary and progress of every run this window has heard about, fed by the
 * runStatus / runProgress events, plus the resume offer made when the app starts.
 */
import { create } from 'zustand';
import { api } from '../../api';
import type { AppErrorData } from '../../../shared/errors';
import type { RunProgress, RunSummary } from '../../../shared/sync';
import { errorData } from '../lib/errors';
import { canResume, isFinished } from '../lib/runs';

interface RunsState {
  runs: Record<string, RunSummary>;
  progress: Record<string, RunProgress>;
  /** Runs found paused or interrupted when the app started, until resumed or set aside. */
  offered: string[];
  activeLoaded: boolean;
  /** The last failed control call (pause/resume/cancel) per run. */
  controlErrors: Record<string, AppErrorData>;
  busy: Record<string, boolean>;
  loadActive(): Promise<void>;
  upsert(summary: RunSummary): void;
  setProgress(progress: RunProgress): void;
  setAside(runId: string): void;
  pause(runId: string): Promise<RunSummary | null>;
  resume(runId: string): Promise<RunSummary | null>;
  cancel(runId: string): Promise<RunSummary | null>;
}

export const useRuns = create<RunsState>()((set, get) => {
  /** Runs a control call with busy and error bookkeeping; the summary it returns is the new truth. */
  const control = async (runId: string, call: () => Promise<RunSummary>): Promise<RunSummary | null> => {
    set((s) => ({ busy: { ...s.busy, [runId]: true }, controlErrors: without(s.controlErrors, runId) }));
    try {
      const summary = await call();
      get().upsert(summary);
      return summary;
    } catch (error) {
      set((s) => ({ controlErrors: { ...s.controlErrors, [runId]: errorData(error) } }));
      return null;
    } finally {
      set((s) => ({ busy: without(s.busy, runId) }));
    }
  };
  return {
    runs: {},
    progress: {},
    offered: [],
    activeLoaded: false,
    controlErrors: {},
    busy: {},
    async loadActive() {
      try {
        const active = await api.listActiveRuns();
        const runs = { ...get().runs };
        for (const run of active) runs[run.id] = run;
        set({ runs, offered: active.filter(canResume).map((r) => r.id), activeLoaded: true });
      } catch {
        // Without the list there is simply nothing to offer; History still shows every run.
        set({ activeLoaded: true });
      }
    },
    upsert(summary) {
      // Answers and events can cross: a call's older "running" must not undo a "completed" event.
      // Finished is final (a finished run is never resumed; running it again makes a new run).
      const existing = get().runs[summary.id];
      if (existing && isFinished(existing.status) && !isFinished(summary.status)) return;
      set((s) => ({
        runs: { ...s.runs, [summary.id]: summary },
        offered: canResume(summary) ? s.offered : s.offered.filter((id) => id !== summary.id),
      }));
    },
    setProgress(progress) {
      set((s) => ({ progress: { ...s.progress, [progress.runId]: progress } }));
    },
    setAside(runId) {
      set((s) => ({ offered: s.offered.filter((id) => id !== runId) }));
    },
    pause: (runId) => control(runId, () => api.pauseRun({ runId })),
    resume: (runId) => control(runId, () => api.resumeRun({ runId })),
    cancel: (runId) => control(runId, () => api.cancelRun({ runId })),
  };
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** Runs currently running (for the sidebar's indicator). */
export function useRunningCount(): number {
  return useRuns((s) => Object.values(s.runs).filter((r) => r.status === 'running').length);
}
