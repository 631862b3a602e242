/** Words and decisions about runs: phase names, status labels, what can be done to a run now. */
import type { PlannedAction, RowRecord } from '../../../shared/history';
import type { PhaseProgress, RowFate, RunPhase, RunStatus, RunSummary, TaskProgress } from '../../../shared/sync';
import { formatCount } from './format';

export const PHASE_LABELS: Record<RunPhase, string> = {
  prepare: 'Reading and checking the file',
  read_members: 'Reading the list’s current members',
  create_list: 'Creating the list',
  import: 'Adding and updating profiles',
  remove: 'Removing people from the list',
  finalize: 'Finishing up',
};

/** The unit a phase counts, for "1,234 rows/s". */
export const PHASE_UNITS: Record<RunPhase, string> = {
  prepare: 'rows', read_members: 'members', create_list: 'steps', import: 'profiles', remove: 'members',
  finalize: 'steps',
};

/** A plan never started is a dry run: reviewed, nothing sent (as the command line's `plan` calls it). */
export const STATUS_LABELS: Record<RunStatus, string> = {
  planned: 'Dry run', running: 'Running', paused: 'Paused', completed: 'Completed', failed: 'Failed',
  cancelled: 'Cancelled', interrupted: 'Interrupted',
};

export const FATE_LABELS: Record<RowFate, string> = {
  pending: 'Pending', added: 'Added', updated: 'Updated', removed: 'Removed', unchanged: 'Unchanged',
  rejected: 'Rejected', failed: 'Failed', duplicate: 'Duplicate',
};

const PLANNED_LABELS: Record<PlannedAction, string> = {
  add: 'To add', update: 'To update', remove: 'To remove', unchanged: 'Unchanged',
};

/**
 * What a row shows: its fate, or for a row still pending (a dry run, a paused sync) what the plan will
 * do with it, which says more than "Pending". Pending rows the plan leaves unchanged are settled as
 * such when the run starts.
 */
export function rowFateLabel(row: Pick<RowRecord, 'fate' | 'planned'>): { text: string; tone: string } {
  if (row.fate === 'pending' && row.planned !== null) return { text: PLANNED_LABELS[row.planned], tone: `planned-${row.planned}` };
  return { text: FATE_LABELS[row.fate], tone: row.fate };
}

export function isFinished(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** A plan that was never started: nothing reached Klaviyo, so it has no added or removed people to show. */
export function isDryRun(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'planned';
}

export interface SentCountCell {
  text: string;
  /** What a screen reader hears instead of the dash, when there is no count to show. */
  label: string | null;
}

/**
 * A History cell for what a run sent: its count, or for a dry run a dash that says why, never a 0
 * that reads as "this sync ran and added nobody".
 */
export function sentCountCell(run: Pick<RunSummary, 'status' | 'counts'>, count: 'added' | 'removed'): SentCountCell {
  if (isDryRun(run)) return { text: '–', label: 'None: a dry run sends nothing' };
  return { text: formatCount(run.counts[count]), label: null };
}

/** Paused (by a person or by a fixable failure) and interrupted runs pick up where they stopped. */
export function canResume(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'paused' || run.status === 'interrupted';
}

export function canPause(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'running';
}

export function canCancel(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'running' || run.status === 'paused' || run.status === 'interrupted' || run.status === 'planned';
}

/** The phases that carry people to Klaviyo; the others are bookkeeping around them. */
const WORK_PHASES: ReadonlySet<RunPhase> = new Set(['import', 'remove']);

/**
 * How much of a run's work is done: people imported or removed, of all it has to send. Weighing
 * phases alike would call a run "60% done" with its one big import not started, because reading the
 * file and the list were done; and this is the measure `settledShare` takes from the counts, so the
 * live view and the resume banner agree.
 */
export function overallShare(phases: readonly PhaseProgress[]): number {
  let done = 0;
  let total = 0;
  for (const p of phases) {
    if (!WORK_PHASES.has(p.phase) || p.state === 'skipped' || p.total <= 0) continue;
    total += p.total;
    done += p.state === 'done' ? p.total : p.state === 'pending' ? 0 : Math.min(p.done, p.total);
  }
  if (total > 0) return done / total;
  // Nothing to send: done once every phase is.
  return phases.every((p) => p.state === 'done' || p.state === 'skipped') ? 1 : 0;
}

/** A run's work from its counts: people added, updated, removed or refused by Klaviyo, and those still to send. */
export function runWork(run: Pick<RunSummary, 'counts'>): { sent: number; total: number } {
  const { added, updated, removed, failed, pending } = run.counts;
  const sent = added + updated + removed + failed;
  return { sent, total: sent + pending };
}

/** Share of a run's work that is done, from its counts (for lists and history, where no phase detail exists). */
export function settledShare(run: Pick<RunSummary, 'counts'>): number {
  const { sent, total } = runWork(run);
  if (total > 0) return sent / total;
  return run.counts.total > 0 ? 1 : 0;
}

const TASK_STAGE_LABELS: Record<TaskProgress['stage'], string> = {
  reading: 'Reading the file',
  writing: 'Writing files',
  reading_members: 'Reading the list’s current members',
  planning: 'Comparing the file with the list',
};

/** "Reading the file: 45%" or "Reading the list’s current members: 12,000 members". */
export function describeTask(progress: TaskProgress): { label: string; share: number | null; detail: string } {
  const label = TASK_STAGE_LABELS[progress.stage];
  const share = progress.total && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  const rows = progress.rows > 0 ? `${new Intl.NumberFormat('en-US').format(progress.rows)} rows` : '';
  const detail = progress.unit === 'members'
    ? `${new Intl.NumberFormat('en-US').format(progress.done)} members`
    : rows;
  return { label, share, detail };
}
