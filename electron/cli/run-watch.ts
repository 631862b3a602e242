/**
 * Follows a run this process executes until it stops, showing its progress. Ctrl-C pauses it
 * cleanly (in-flight requests finish and are recorded, so `resume` continues exactly); a second
 * Ctrl-C quits at once, which leaves the run interrupted — still resumable, since every batch is
 * recorded before it is sent.
 */
import type { AppApi } from '../../shared/api';
import type { RunSummary } from '../../shared/sync';
import type { ProgressView } from './progress-view';

export interface WatchResult {
  run: RunSummary;
  /** The person pressed Ctrl-C (the run was paused for them). */
  interrupted: boolean;
}

export interface WatchOptions {
  api: Pick<AppApi, 'on' | 'pauseRun'>;
  /** Starts (or resumes) the run; called after the listeners are in place so no event is missed. */
  start: () => Promise<RunSummary>;
  view: ProgressView;
  /** Where SIGINT comes from (the process; tests pass an emitter). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Quits at once on the second Ctrl-C. */
  exitNow?: (code: number) => never;
}

const ACTIVE = new Set<RunSummary['status']>(['planned', 'running']);

export async function watchRun(options: WatchOptions): Promise<WatchResult> {
  const { api, view } = options;
  const signals = options.signals ?? process;
  const exitNow = options.exitNow ?? ((code: number) => process.exit(code));
  let runId: string | null = null;
  let interrupted = false;
  let settle: (run: RunSummary) => void = () => undefined;
  const finished = new Promise<RunSummary>((resolve) => {
    settle = resolve;
  });
  // Events for this run only; those that arrive before startRun answers (it returns at once, the work
  // goes on) are kept and replayed once the id is known.
  const early: RunSummary[] = [];
  const offStatus = api.on('runStatus', (run) => {
    if (runId === null) early.push(run);
    else if (run.id === runId && !ACTIVE.has(run.status)) settle(run);
  });
  const offProgress = api.on('runProgress', (progress) => {
    if (runId === null || progress.runId === runId) view.run(progress);
  });
  const onSigint = () => {
    if (interrupted) {
      view.stop();
      exitNow(130);
      return;
    }
    interrupted = true;
    view.note('Pausing: letting the requests in flight finish and recording them… (Ctrl-C again to quit at once; the sync stays resumable)');
    if (runId !== null) {
      api.pauseRun({ runId }).catch(() => undefined);
    }
  };
  signals.on('SIGINT', onSigint);
  try {
    const started = await options.start();
    runId = started.id;
    for (const run of early) if (run.id === runId && !ACTIVE.has(run.status)) settle(run);
    if (!ACTIVE.has(started.status)) settle(started);
    // Ctrl-C before startRun answered: pause now that there is a run to pause.
    if (interrupted) api.pauseRun({ runId }).catch(() => undefined);
    const run = await finished;
    return { run, interrupted };
  } finally {
    signals.off('SIGINT', onSigint);
    offStatus();
    offProgress();
    view.stop();
  }
}
