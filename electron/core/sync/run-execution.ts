/**
 * One execution of a claimed run in this process: create the list if needed, then imports and
 * removals side by side, then finalize. A heartbeat keeps the claim fresh (and picks up pause/cancel
 * requests from other processes). Whatever stops it ends in exactly one status write: completed,
 * paused (by a person, or by a failure with an action), cancelled or failed.
 */
import { z } from 'zod';
import { AppError, type Action, type AppErrorData } from '../../../shared/errors';
import type { RunPhase } from '../../../shared/sync';
import type { KlaviyoClient } from '../klaviyo/index';
import { runCreateListPhase } from './create-list-phase';
import type { EngineContext } from './engine-context';
import { classifyFailure } from './failure-actions';
import { runFinalize } from './finalize';
import { runImportPhase } from './import-phase';
import type { RunOptionsRecord } from './planner';
import { createProgressTracker } from './progress';
import { runRemovePhase } from './remove-phase';
import { createRunState, type RunState } from './run-state';
import { crashPoint } from './crash-points';
import { settleInChunks } from './settle';
import { cancelledNote } from './cancel-note';

export interface RunHandle {
  readonly runId: string;
  readonly state: RunState;
  /** Settles when the execution has written its final status. */
  readonly done: Promise<void>;
  requestStop(kind: 'pause' | 'cancel'): void;
}

const OptionsSchema = z.object({
  list: z.unknown(),
  timeScale: z.number().positive().default(1),
  willCreate: z.boolean().default(false),
  memberSource: z.enum(['klaviyo', 'snapshot', 'none']).default('klaviyo'),
  jobThroughput: z.number().positive().optional(),
  recreated: z.boolean().optional(),
}).passthrough();

export function parseRunOptions(json: string | null): RunOptionsRecord {
  const parsed = OptionsSchema.safeParse(json ? JSON.parse(json) : {});
  if (!parsed.success) throw new AppError({ code: 'DATABASE_ERROR', message: 'The saved options of this sync are damaged. Plan the sync again.' });
  return parsed.data as RunOptionsRecord;
}

/**
 * A phase's state when an execution starts (pure). A resumed run may have finished a phase before it
 * was paused: that phase is done, not pending, or its bar would read 0% next to "30 of 30".
 */
export function stateOnStart(done: number, total: number): 'skipped' | 'done' | 'pending' {
  if (total === 0) return 'skipped';
  return done >= total ? 'done' : 'pending';
}

export function startExecution(ctx: EngineContext, input: {
  runId: string;
  client: KlaviyoClient;
  /** The list was deleted mid-run and the person chose to create it again. */
  recreateList: boolean;
  onSettled(): void;
}): RunHandle {
  const { repos } = ctx;
  const run = repos.runs.require(input.runId);
  const runOptions = parseRunOptions(run.options_json);
  const progress = createProgressTracker({
    runId: run.id,
    intervalMs: ctx.options.progressIntervalMs,
    emit: (p) => ctx.deps.events.emit('runProgress', p),
  });
  const state = createRunState({
    runId: run.id, ctx, client: input.client, listId: run.list_id, listName: run.list_name ?? '',
    accountId: run.account_id, full: run.content === 'full', runOptions, progress,
  });
  const startedMs = performance.now();
  let graceTimer: ReturnType<typeof setTimeout> | null = null;

  const requestStop = (kind: 'pause' | 'cancel') => {
    if (state.stopRequest === 'cancel') return;
    state.stopRequest = kind;
    state.stopping = true;
    if (graceTimer) clearTimeout(graceTimer);
    // In-flight requests get a moment to finish (their answers are then recorded); after that they are abandoned,
    // which the crash-safety rules already cover. A cancel first confirms jobs already sent (see job-poller.ts).
    graceTimer = setTimeout(() => state.abort.abort(new AppError({ code: 'CANCELLED', message: 'Stopped.' })),
      kind === 'pause' ? ctx.options.pauseGraceMs : Math.max(ctx.options.pauseGraceMs, 60_000));
    graceTimer.unref?.();
  };

  const heartbeat = setInterval(() => {
    try {
      const beat = repos.runs.heartbeat(run.id, process.pid, ctx.now().toISOString());
      if (beat === undefined) {
        // Someone took the run from us (it was judged interrupted): stop at once, write nothing more.
        ctx.logger.warn('lost the claim on a run; stopping', { runId: run.id });
        state.stopping = true;
        state.abort.abort(new AppError({ code: 'CANCELLED', message: 'Stopped.' }));
        return;
      }
      if (beat.control) {
        repos.runs.setControl(run.id, null);
        requestStop(beat.control);
      }
    } catch (error) {
      ctx.logger.warn('heartbeat failed', { runId: run.id, error });
    }
  }, ctx.options.heartbeatMs);
  heartbeat.unref?.();

  const phase = async (name: RunPhase, work: () => Promise<void>) => {
    repos.phases.start(run.id, name, ctx.now().toISOString());
    await work();
    if (!state.stopping) repos.phases.finish(run.id, name, ctx.now().toISOString(), state.requests[name as keyof RunState['requests']] ?? 0);
  };

  const execute = async (): Promise<void> => {
    if (input.recreateList) {
      repos.store.transaction(() => {
        repos.rows.resetForRecreatedList(run.id);
        repos.runs.clearList(run.id);
        repos.runs.setOptions(run.id, JSON.stringify({ ...runOptions, recreated: true }));
      });
      runOptions.recreated = true;
      state.listId = null;
    }
    const counts = repos.rows.progressCounts(run.id);
    progress.setPhase('prepare', 'done');
    progress.setPhase('read_members', runOptions.memberSource === 'none' ? 'skipped' : 'done');
    progress.setPhase('create_list', state.listId === null ? 'pending' : 'skipped');
    progress.setPhase('import', stateOnStart(counts.importDone, counts.importTotal), counts.importDone, counts.importTotal);
    progress.setPhase('remove', stateOnStart(counts.removeDone, counts.removeTotal), counts.removeDone, counts.removeTotal);

    if (state.listId === null) {
      progress.setPhase('create_list', 'active', 0, 1);
      await phase('create_list', () => runCreateListPhase(state));
      progress.setPhase('create_list', 'done', 1, 1);
    }
    const work: Promise<void>[] = [];
    const importing = counts.importTotal > counts.importDone;
    if (!importing) state.markImportsSent();
    if (importing) {
      progress.setPhase('import', 'active');
      work.push(phase('import', () => runImportPhase(state)).then(() => {
        if (!state.stopping) progress.setPhase('import', 'done');
      }));
    }
    if (counts.removeTotal > counts.removeDone) {
      progress.setPhase('remove', 'active');
      work.push(phase('remove', () => runRemovePhase(state)).then(() => {
        if (!state.stopping) progress.setPhase('remove', 'done');
      }));
    }
    // The plan's leftover bookkeeping (see RunDiffRepo.settle) is done while Klaviyo processes the jobs.
    const settled = state.importsSent.then(() => settleInChunks(repos.diff, run.id));
    await Promise.all([...work, settled]);
    if (state.stopping) return;
    crashPoint('before-finalize');
    progress.setPhase('finalize', 'active', 0, 1);
    await phase('finalize', () => runFinalize(state));
    progress.setPhase('finalize', 'done', 1, 1);
  };

  const finish = (outcome: { status: 'completed' | 'paused' | 'cancelled' | 'failed'; action: Action | null; lastError: AppErrorData | null; cancelled?: boolean }) => {
    const previous = repos.runs.get(run.id);
    const actual = (previous?.actual_seconds ?? 0) + (performance.now() - startedMs) / 1000;
    const final = outcome.status !== 'paused';
    repos.store.transaction(() => {
      const counts = repos.runs.refreshCounts(run.id);
      repos.runs.stop(run.id, {
        status: outcome.status, action: outcome.action, lastError: outcome.cancelled ? cancelledNote(counts.pending) : outcome.lastError,
        finishedAt: final ? ctx.now().toISOString() : null, actualSeconds: actual,
      }, ['running']);
    });
  };

  const done = (async () => {
    let outcome: Parameters<typeof finish>[0];
    try {
      await execute();
      const failure = state.failure;
      const stoppedByUs = state.stopRequest !== null && (failure === null || AppError.is(failure, 'CANCELLED'));
      if (failure !== null && !stoppedByUs) {
        outcome = await outcomeOf(state, failure);
      } else if (state.stopRequest === 'cancel') {
        outcome = { status: 'cancelled', action: null, lastError: null, cancelled: true };
      } else if (state.stopRequest === 'pause') {
        outcome = { status: 'paused', action: null, lastError: null };
      } else if (state.stopping) {
        return; // lost the claim: the new owner writes the status
      } else {
        outcome = { status: 'completed', action: null, lastError: null };
      }
    } catch (error) {
      outcome = state.stopRequest !== null && AppError.is(error, 'CANCELLED')
        ? { status: state.stopRequest === 'cancel' ? 'cancelled' : 'paused', action: null, lastError: null, cancelled: state.stopRequest === 'cancel' }
        : await outcomeOf(state, error);
    } finally {
      clearInterval(heartbeat);
      if (graceTimer) clearTimeout(graceTimer);
    }
    try {
      finish(outcome);
    } catch (error) {
      ctx.logger.error('could not record the end of a run', { runId: run.id, error });
    }
  })().finally(() => {
    progress.flush();
    input.onSettled();
  });

  return { runId: run.id, state, done, requestStop };
}

async function outcomeOf(state: RunState, error: unknown): Promise<{ status: 'paused' | 'failed'; action: Action | null; lastError: AppErrorData }> {
  if (!AppError.is(error)) state.ctx.logger.error('a run failed unexpectedly', { runId: state.runId, error });
  const counts = state.ctx.repos.rows.progressCounts(state.runId);
  let listCount: number | null = null;
  if (AppError.is(error, 'LIST_LIMIT_REACHED')) {
    // Best effort: the action says how many lists exist when Klaviyo lets us count them.
    try {
      const found = await state.client.countListsAndSegments();
      listCount = found.lists + (found.segments ?? 0);
    } catch {
      listCount = null;
    }
  }
  return classifyFailure(error, {
    listName: state.listName,
    done: counts.importDone + counts.removeDone,
    total: counts.importTotal + counts.removeTotal,
    listCount,
  });
}
