/**
 * `klaviyo-sync plan`, `sync`, `resume`, `pause` and `cancel`. Planning reads the file and the list
 * but sends nothing; `sync` plans, shows the plan, asks (on a terminal, unless --yes), then runs it in
 * this process with its progress. `pause`/`cancel` work from another terminal too: the engine asks the
 * process that runs the sync through the history database.
 */
import { AppError } from '../../shared/errors';
import type { Plan, RunSummary } from '../../shared/sync';
import { print, usageError, withApp, type App, type CommandContext } from './command-context';
import { EXIT_INTERRUPTED, EXIT_MASS_REMOVAL, EXIT_RUN_STOPPED } from './sync-exit-codes';
import { renderAction } from './history-format';
import { checkRegion, mapFile } from './audience-commands';
import { createProgressView, progressMode, type ProgressView } from './progress-view';
import { ask, confirm } from './prompt';
import { resolveCredential, resolveListTarget, resolveRunId } from './resolve';
import { renderPlan, renderRunOutcome } from './sync-format';
import { watchRun } from './run-watch';
import { formatCount, formatPercent } from './text-table';

export interface PlanOptions {
  list: string;
  create?: boolean;
  mirror?: boolean;
  fullProfile?: boolean;
  map?: string[];
  region?: string;
  credential?: string;
}

const view = (ctx: CommandContext): ProgressView =>
  createProgressView(progressMode(ctx.json, ctx.stdout.isTTY === true, ctx.stderr.isTTY === true), ctx);

/** Inspects the file, builds the mapping and the list target, and plans (cancellable with Ctrl-C). */
async function makePlan(ctx: CommandContext, app: App, file: string, options: PlanOptions): Promise<Plan> {
  const credentialId = options.credential ? (await resolveCredential(app, options.credential)).id : undefined;
  const region = checkRegion(options.region) ?? (await app.getSettings()).defaultRegion;
  const { path, mapping } = await mapFile(ctx, app, file, options.map ?? [], region);
  const list = await resolveListTarget(app, options.list, options.create === true, credentialId);
  const taskId = `cli-plan-${process.pid}-${Date.now()}`;
  const progress = view(ctx);
  const off = app.on('taskProgress', (p) => {
    if (p.taskId === taskId) progress.task(p);
  });
  const onSigint = () => {
    app.cancelTask({ taskId }).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  try {
    const plan = await app.planSync({
      taskId, ...(credentialId ? { credentialId } : {}), path, mapping, list,
      mode: options.mirror ? 'mirror' : 'add', content: options.fullProfile ? 'full' : 'identifiers',
    });
    progress.complete();
    return plan;
  } finally {
    process.off('SIGINT', onSigint);
    off();
    progress.stop();
  }
}

export function planCommand(ctx: CommandContext, file: string, options: PlanOptions): Promise<number> {
  return withApp(ctx, async (app) => {
    const plan = await makePlan(ctx, app, file, options);
    print(ctx, `${renderPlan(plan, file)}\n\nNothing was sent to Klaviyo. Run it with \`klaviyo-sync sync\` and the same options.`, plan);
    return 0;
  });
}

function massRemovalUnconfirmed(plan: Plan): AppError {
  return new AppError({
    code: 'MASS_REMOVAL_UNCONFIRMED',
    message: `This sync would remove ${formatCount(plan.counts.remove)} people, ${formatPercent(plan.massRemoval.removeShare)} of "${plan.list.name}". `
      + 'Nothing was sent. Confirm it on a terminal, or add --yes to confirm from a script.',
    details: { runId: plan.runId, remove: plan.counts.remove },
  });
}

/** Asks what needs asking; false = the person said no. Throws when there is no one to ask and no --yes. */
async function confirmPlan(ctx: CommandContext, plan: Plan, yes: boolean): Promise<boolean> {
  if (yes) return true;
  const io = { input: ctx.stdin, output: ctx.stderr };
  if (plan.massRemoval.confirmationRequired) {
    if (!ctx.stdin.isTTY) throw massRemovalUnconfirmed(plan);
    const answer = await ask(`Type the number of people to remove (${formatCount(plan.counts.remove)}) to confirm, or press Enter to stop: `, io);
    if (answer.replace(/[,\s.]/g, '') !== String(plan.counts.remove)) throw massRemovalUnconfirmed(plan);
    return true;
  }
  if (!ctx.stdin.isTTY) throw usageError('There is no terminal to confirm the sync on: add --yes to start it from a script.');
  return confirm('Start this sync?', io);
}

/** Follows a started or resumed run to its end; the exit code says how it ended. */
async function followRun(ctx: CommandContext, app: App, start: () => Promise<RunSummary>, plan: Plan | null): Promise<number> {
  const { run, interrupted } = await watchRun({ api: app, start, view: view(ctx) });
  const human = [renderRunOutcome(run), ...(run.action ? [renderAction(run.action)] : [])].join('\n');
  print(ctx, human, { type: 'result', run, ...(plan ? { plan } : {}) });
  if (interrupted) return EXIT_INTERRUPTED;
  return run.status === 'completed' ? 0 : EXIT_RUN_STOPPED;
}

export function syncCommand(ctx: CommandContext, file: string, options: PlanOptions & { yes?: boolean }): Promise<number> {
  return withApp(ctx, async (app) => {
    const plan = await makePlan(ctx, app, file, options);
    if (!ctx.json) ctx.stdout.write(`${renderPlan(plan, file)}\n\n`);
    let go: boolean;
    try {
      go = await confirmPlan(ctx, plan, options.yes === true);
    } catch (error) {
      if (AppError.is(error, 'MASS_REMOVAL_UNCONFIRMED')) {
        print(ctx, error.message, { type: 'result', error: error.toData(), plan });
        return EXIT_MASS_REMOVAL;
      }
      throw error;
    }
    if (!go) {
      print(ctx, 'Not started: nothing was sent to Klaviyo.', { type: 'result', started: false, plan });
      return 0;
    }
    return followRun(ctx, app, () => app.startRun({ runId: plan.runId, confirmMassRemoval: plan.massRemoval.confirmationRequired }), plan);
  });
}

export function resumeCommand(ctx: CommandContext, runText: string): Promise<number> {
  return withApp(ctx, async (app) => {
    const runId = await resolveRunId(app, runText);
    return followRun(ctx, app, () => app.resumeRun({ runId }), null);
  });
}

/** How long `pause`/`cancel` wait for the process running the sync to let its requests in flight finish. */
const STOP_WAIT_MS = 120_000;

/** `pause` / `cancel`: works on a run this or another process (the app, another terminal) is running. */
export function stopCommand(ctx: CommandContext, runText: string, how: 'pause' | 'cancel'): Promise<number> {
  return withApp(ctx, async (app) => {
    const runId = await resolveRunId(app, runText);
    let run: RunSummary = how === 'pause' ? await app.pauseRun({ runId }) : await app.cancelRun({ runId });
    // The owner stops at its next heartbeat but lets the requests (and bulk jobs) in flight finish first.
    if (run.status === 'running') {
      if (!ctx.json) ctx.stderr.write(`Waiting for the sync to ${how}: the requests in flight finish first…\n`);
      const deadline = Date.now() + STOP_WAIT_MS;
      while (run.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        run = await app.getRun({ runId });
      }
    }
    const wanted = how === 'pause' ? 'paused' : 'cancelled';
    const human = run.status === wanted
      ? renderRunOutcome(run)
      : `Asked the process running it to ${how}; the sync is ${run.status}. Check again with \`klaviyo-sync history ${run.id}\`.`;
    print(ctx, human, run);
    return run.status === wanted ? 0 : EXIT_RUN_STOPPED;
  });
}
