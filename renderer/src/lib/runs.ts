/** Words and decisions about runs: phase names, status labels, what can be done to a run now. */
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

/**
 * Overall completion 0..1 across phases, skipped phases excluded. Each phase weighs the same: their
 * units differ (rows, pages, ids), so a weighted sum would be meaningless.
 */
export function overallShare(phases: readonly PhaseProgress[]): number {
  const counted = phases.filter((p) => p.state !== 'skipped');
  if (counted.length === 0) return 0;
  const sum = counted.reduce((acc, p) => {
    if (p.state === 'done') return acc + 1;
    if (p.state === 'pending' || p.total <= 0) return acc;
    return acc + Math.min(1, p.done / p.total);
  }, 0);
  return sum / counted.length;
}

/** Share of a run's rows that are settled, from its counts (for lists and history, where no phase detail exists). */
export function settledShare(run: Pick<RunSummary, 'counts'>): number {
  const { total, pending } = run.counts;
  if (total <= 0) return 0;
  return Math.max(0, Math.min(1, (total - pending) / total));
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
