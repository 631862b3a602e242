/** The New sync and Export flows as ordered steps, and what keeps a person from moving on. */
import { mappingProblems, type Mapping } from '../../../shared/mapping';

export const SYNC_STEPS = ['load', 'map', 'list', 'review', 'run', 'done'] as const;
export type SyncStep = (typeof SYNC_STEPS)[number];
export const EXPORT_STEPS = ['load', 'map', 'export'] as const;
export type ExportStep = (typeof EXPORT_STEPS)[number];

export const STEP_LABELS: Record<SyncStep | ExportStep, string> = {
  load: 'Load file', map: 'Map columns', list: 'Choose list', review: 'Review', run: 'Run', done: 'Done',
  export: 'Export',
};

/** Problems that block leaving the Map step: the shared rules plus anything the preview reported. */
export function mapBlockers(mapping: Mapping | null, previewProblems: readonly string[] = []): string[] {
  if (!mapping) return ['Load a file first.'];
  const problems = [...mappingProblems(mapping), ...previewProblems];
  return [...new Set(problems)];
}

/**
 * Which steps of a flow can be jumped to from the step bar: any earlier step, as long as nothing
 * irreversible has happened yet (once a sync has started, the earlier steps describe a past run).
 */
export function reachableSteps<S extends string>(steps: readonly S[], current: S, locked: boolean): Set<S> {
  const at = steps.indexOf(current);
  if (locked) return new Set([current]);
  return new Set(steps.filter((_, i) => i <= at));
}
