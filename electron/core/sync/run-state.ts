/**
 * One execution of a run in this process: what its phases share (the client, the list, the stop
 * flags) and the first failure, which stops everything else from issuing new requests.
 */
import type { KlaviyoClient } from '../klaviyo/index';
import type { EngineContext } from './engine-context';
import type { RunOptionsRecord } from './planner';
import type { ProgressTracker } from './progress';

export interface RunState {
  readonly runId: string;
  readonly ctx: EngineContext;
  client: KlaviyoClient;
  listId: string | null;
  listName: string;
  accountId: string | null;
  readonly full: boolean;
  readonly runOptions: RunOptionsRecord;
  readonly progress: ProgressTracker;
  /** Nothing new is sent once this is set (pause, cancel or a failure). */
  stopping: boolean;
  stopRequest: 'pause' | 'cancel' | null;
  failure: unknown;
  /** Aborts the requests in flight: after a pause's grace period, or at once on failure. */
  readonly abort: AbortController;
  /** Resolves once every import job has been created (or there was nothing to import). */
  readonly importsSent: Promise<void>;
  markImportsSent(): void;
  /** Requests made per phase (recorded in run_phases). */
  readonly requests: { import: number; remove: number; create_list: number; finalize: number };
  fail(error: unknown): void;
}

export function createRunState(init: Omit<RunState, 'stopping' | 'stopRequest' | 'failure' | 'abort' | 'fail' | 'requests' | 'importsSent' | 'markImportsSent'>): RunState {
  let markImportsSent: () => void = () => undefined;
  const importsSent = new Promise<void>((resolve) => { markImportsSent = resolve; });
  const state: RunState = {
    ...init,
    importsSent,
    markImportsSent: () => markImportsSent(),
    stopping: false,
    stopRequest: null,
    failure: null,
    abort: new AbortController(),
    requests: { import: 0, remove: 0, create_list: 0, finalize: 0 },
    fail(error) {
      if (state.failure === null) state.failure = error;
      state.stopping = true;
    },
  };
  return state;
}

/** The profile-bulk-import-jobs bucket has requests waiting: a poll now would delay a job creation. */
export function importBucketBusy(client: KlaviyoClient): boolean {
  return (client.limiter.stats()['profile-bulk-import-jobs']?.waiting ?? 0) > 0;
}
