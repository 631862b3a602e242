/**
 * The sync engine behind planSync, startRun, pauseRun, resumeRun, cancelRun and listActiveRuns.
 * A run is executed by the one process that claimed it in SQLite (compare-and-set on its status,
 * owner and heartbeat); another process asks it to pause or cancel through runs.control. A run whose
 * owner is gone (its process ended, or its heartbeat went stale) is `interrupted` and can be resumed.
 */
import { AppError } from '../../../shared/errors';
import type { AppHandlers } from '../../../shared/api';
import type { RunSummary } from '../../../shared/sync';
import { createLogger } from '../log';
import type { EngineRunRow } from '../store/runs-repo';
import { resolveOptions, type SyncDeps } from './deps';
import type { EngineContext } from './engine-context';
import { fileChangedError, fileMatches } from './file-check';
import { planSync } from './planner';
import { createRunRepos } from './repos';
import { startExecution, type RunHandle } from './run-execution';
import { readRunSummary } from './run-summary';
import { settleNow } from './settle';
import { cancelledNote } from './cancel-note';

export type SyncHandlers = Pick<AppHandlers, 'planSync' | 'startRun' | 'pauseRun' | 'resumeRun' | 'cancelRun' | 'listActiveRuns'>;

export interface SyncEngine {
  handlers: SyncHandlers;
  /** Resolves with the run's summary once this process stops executing it (at once when it does not). */
  waitForRun(runId: string): Promise<RunSummary>;
  /** Pauses every run this process executes (quitting the app, Ctrl-C) and waits until they are recorded. */
  shutdown(): Promise<void>;
}

function runState(message: string, runId: string): AppError {
  return new AppError({ code: 'RUN_STATE', message, details: { runId } });
}

export function createSyncEngine(deps: SyncDeps): SyncEngine {
  const ctx: EngineContext = {
    deps,
    repos: createRunRepos(deps.store),
    options: resolveOptions(deps.options),
    logger: deps.logger ?? createLogger({ scope: 'sync' }),
    now: deps.now ?? (() => new Date()),
    planning: new Set(),
  };
  const { repos } = ctx;
  const running = new Map<string, RunHandle>();
  const summary = (runId: string) => readRunSummary(deps.store, runId, ctx.logger);
  const emitStatus = (runId: string) => deps.events.emit('runStatus', summary(runId));
  const emitAlerts = () => deps.events.emit('alertsChanged', { count: repos.runs.countAlerts() });

  /**
   * Is the process named as the run's owner still there? Its pid says so at once after a crash or a
   * kill; a heartbeat older than staleAfterMs also counts as gone (the pid was reused, or the owner hung).
   */
  const ownerAlive = (run: EngineRunRow): boolean => {
    if (running.has(run.id) || ctx.planning.has(run.id)) return true;
    if (run.owner_pid === null) return false;
    const beat = run.heartbeat_at ? Date.parse(run.heartbeat_at) : NaN;
    if (!Number.isFinite(beat) || ctx.now().getTime() - beat > ctx.options.staleAfterMs) return false;
    // Our own pid but not our run: another engine in this process, alive as long as it beats.
    if (run.owner_pid === process.pid) return true;
    try {
      process.kill(run.owner_pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
      return (error as { code?: unknown }).code === 'EPERM';
    }
  };

  const execute = async (run: EngineRunRow, recreateList: boolean): Promise<RunSummary> => {
    const apiKey = await deps.credentials.getApiKey(run.credential_id ?? undefined);
    const client = deps.createClient(apiKey);
    if (run.credential_id === null && run.account_id !== null) {
      // KLAVIYO_API_KEY may now be another account's key: a run must never continue in another account.
      const account = await client.getAccount().catch((error: unknown) => {
        if (AppError.is(error, 'MISSING_SCOPE')) return null;
        throw error;
      });
      if (account && account.id !== run.account_id) {
        throw new AppError({
          code: 'INVALID_CREDENTIALS',
          message: 'KLAVIYO_API_KEY belongs to a different Klaviyo account than the one this sync started in. Use a key of the same account.',
          details: { runId: run.id },
        });
      }
    }
    const claimed = repos.runs.claim(run.id, { status: run.status, ownerPid: run.owner_pid, heartbeatAt: run.heartbeat_at },
      process.pid, ctx.now().toISOString(), ctx.now().toISOString());
    if (!claimed) throw runState('Another copy of Audience Sync (the app or the command line) started this sync at the same moment.', run.id);
    const handle = startExecution(ctx, {
      runId: run.id, client, recreateList,
      onSettled: () => {
        running.delete(run.id);
        try {
          emitStatus(run.id);
          emitAlerts();
        } catch (error) {
          ctx.logger.warn('could not announce the end of a run', { runId: run.id, error });
        }
      },
    });
    running.set(run.id, handle);
    if (recreateList || run.action_json !== null) emitAlerts();
    const started = summary(run.id);
    deps.events.emit('runStatus', started);
    return started;
  };

  /** Asks another process that executes the run to stop, and waits a little for it to say it did. */
  const askOwner = async (run: EngineRunRow, control: 'pause' | 'cancel'): Promise<RunSummary> => {
    repos.runs.setControl(run.id, control);
    const deadline = Date.now() + ctx.options.heartbeatMs * 3 + ctx.options.pauseGraceMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, ctx.options.heartbeatMs)));
      const now = repos.runs.get(run.id);
      if (!now || now.status !== 'running') break;
    }
    return summary(run.id);
  };

  /** Marks runs whose owner is gone as interrupted, and drops plans that never finished. */
  const sweep = () => {
    for (const run of repos.runs.listByStatus(['planned'])) {
      if (run.plan_json === null && !ownerAlive(run)) repos.runs.delete(run.id);
    }
    for (const run of repos.runs.listByStatus(['running'])) {
      if (!ownerAlive(run)) {
        if (repos.runs.markInterrupted(run.id, { status: run.status, ownerPid: run.owner_pid, heartbeatAt: run.heartbeat_at })) {
          repos.runs.refreshCounts(run.id);
        }
      }
    }
  };

  const handlers: SyncHandlers = {
    planSync: (req) => deps.tasks.run(req.taskId, (signal) => planSync(ctx, req, signal)),

    async startRun({ runId, confirmMassRemoval }) {
      const run = repos.runs.require(runId);
      if (run.status !== 'planned') {
        throw runState(`This sync was already started (it is ${run.status}). Resume it from the history, or plan it again.`, runId);
      }
      if (run.plan_json === null) throw runState('Planning this sync did not finish. Plan it again.', runId);
      const plan = JSON.parse(run.plan_json) as { massRemoval?: { confirmationRequired?: boolean; removeShare?: number }; counts?: { remove?: number } };
      if (plan.massRemoval?.confirmationRequired === true && !confirmMassRemoval) {
        const share = Math.round((plan.massRemoval.removeShare ?? 0) * 100);
        throw new AppError({
          code: 'MASS_REMOVAL_UNCONFIRMED',
          message: `This sync would remove ${(plan.counts?.remove ?? 0).toLocaleString('en-US')} people, ${share}% of the list "${run.list_name ?? ''}". Confirm the removal to start it.`,
          details: { runId, removeShare: plan.massRemoval.removeShare ?? 0 },
        });
      }
      if (!(await fileMatches(run.file_path, run.file_size, run.file_sha256))) throw fileChangedError(run.file_path);
      return execute(run, false);
    },

    async pauseRun({ runId }) {
      const handle = running.get(runId);
      if (handle) {
        handle.requestStop('pause');
        await handle.done;
        return summary(runId);
      }
      const run = repos.runs.require(runId);
      if (run.status === 'running' && ownerAlive(run)) return askOwner(run, 'pause');
      if (run.status === 'paused' || run.status === 'interrupted' || run.status === 'running') {
        sweep();
        return summary(runId);
      }
      throw runState(`Only a running sync can be paused (this one is ${run.status}).`, runId);
    },

    async resumeRun({ runId }) {
      if (running.has(runId)) return summary(runId);
      const run = repos.runs.require(runId);
      if (run.status === 'running' && ownerAlive(run)) {
        throw runState('This sync is running in another copy of Audience Sync (the app or the command line).', runId);
      }
      if (!['paused', 'interrupted', 'running'].includes(run.status)) {
        throw runState(`Only a paused or interrupted sync can be resumed (this one is ${run.status}).`, runId);
      }
      const action = run.action_json ? (JSON.parse(run.action_json) as { kind?: string }) : null;
      return execute(run, action?.kind === 'recreate_list');
    },

    async cancelRun({ runId }) {
      const handle = running.get(runId);
      if (handle) {
        handle.requestStop('cancel');
        await handle.done;
        return summary(runId);
      }
      const run = repos.runs.require(runId);
      if (run.status === 'running' && ownerAlive(run)) return askOwner(run, 'cancel');
      if (!['planned', 'paused', 'interrupted', 'running'].includes(run.status)) {
        throw runState(`This sync is already ${run.status}.`, runId);
      }
      const hadAction = run.action_json !== null;
      repos.store.transaction(() => {
        settleNow(repos.diff, runId);
        const counts = repos.runs.refreshCounts(runId);
        repos.runs.stop(runId, {
          status: 'cancelled', action: null, lastError: cancelledNote(counts.pending), finishedAt: ctx.now().toISOString(), actualSeconds: null,
        }, ['planned', 'paused', 'interrupted', 'running']);
      });
      emitStatus(runId);
      if (hadAction) emitAlerts();
      return summary(runId);
    },

    async listActiveRuns() {
      sweep();
      return repos.runs.listByStatus(['running', 'paused', 'interrupted']).map((run) => summary(run.id));
    },
  };

  return {
    handlers,
    async waitForRun(runId) {
      await running.get(runId)?.done;
      return summary(runId);
    },
    async shutdown() {
      const handles = [...running.values()];
      for (const handle of handles) handle.requestStop('pause');
      await Promise.all(handles.map((h) => h.done));
    },
  };
}

/** The handlers alone, for app.ts's composition. */
export function createSyncHandlers(deps: SyncDeps): SyncHandlers {
  return createSyncEngine(deps).handlers;
}
