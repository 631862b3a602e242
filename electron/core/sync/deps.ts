/** What the sync engine needs from the app (app.ts composes it), and its tunables. */
import type { EventHub } from '../events';
import type { KlaviyoClient } from '../klaviyo/index';
import type { Logger } from '../log';
import type { CredentialsService } from '../secrets/credentials-service';
import type { Store } from '../store/store';
import type { TaskRegistry } from '../tasks';

export interface SyncOptions {
  /** Slices of a list read side by side when planning, at most (default 6; fewer when one cursor keeps up). */
  memberReaders?: number;
  /** Bulk import jobs being created at once (default 5). */
  importConcurrency?: number;
  /** Import jobs sent and not yet confirmed, at most (default 100). */
  maxOutstandingJobs?: number;
  /** Profiles per bulk import job, at most Klaviyo's 10,000 (default 10,000; tests use small batches). */
  importBatchProfiles?: number;
  /** Profile ids per removal request, at most Klaviyo's 1,000 (default 1,000). */
  removeBatchIds?: number;
  /** Removal requests in flight at once (default 4). */
  removeConcurrency?: number;
  /** Assumed Klaviyo processing speed, profiles per second per job, when the account has no history (default 1,000). */
  jobThroughput?: number;
  /** Nominal seconds a job waits before Klaviyo processes it (default 0.5). */
  jobOverheadSeconds?: number;
  /** How often the owner of a run refreshes its heartbeat and reads pause/cancel requests (default 1,000 ms). */
  heartbeatMs?: number;
  /**
   * A run whose owner's heartbeat is older than this is interrupted even if its pid exists (default
   * 10 minutes: a dead owner is found by its pid at once; this only catches a reused pid or a hung process).
   */
  staleAfterMs?: number;
  /** At most one runProgress event per run per this many ms (default 250). */
  progressIntervalMs?: number;
  /** After a pause, in-flight requests get this long to finish before they are abandoned (default 3,000 ms). */
  pauseGraceMs?: number;
}

export interface SyncDeps {
  store: Store;
  events: EventHub;
  tasks: TaskRegistry;
  /**
   * getApiKey(id) for a saved credential; getApiKey() for KLAVIYO_API_KEY (or the only saved credential
   * when that is not set: environmentKey() and list() tell which, so the run names the right one).
   */
  credentials: Pick<CredentialsService, 'getApiKey' | 'resolve' | 'environmentKey' | 'list'>;
  /** A Klaviyo client for a key, pointed at the app's Klaviyo (or the emulator) with its time scale. */
  createClient(apiKey: string): KlaviyoClient;
  logger?: Logger;
  options?: SyncOptions;
  now?: () => Date;
}

export type ResolvedOptions = Required<SyncOptions>;

export function resolveOptions(options: SyncOptions = {}): ResolvedOptions {
  return {
    memberReaders: options.memberReaders ?? 6,
    importConcurrency: options.importConcurrency ?? 5,
    removeConcurrency: options.removeConcurrency ?? 10,
    maxOutstandingJobs: Math.max(1, options.maxOutstandingJobs ?? 100),
    importBatchProfiles: Math.min(10_000, Math.max(1, options.importBatchProfiles ?? 10_000)),
    removeBatchIds: Math.min(1000, Math.max(1, options.removeBatchIds ?? 1000)),
    jobThroughput: options.jobThroughput ?? 0,
    jobOverheadSeconds: options.jobOverheadSeconds ?? 0.5,
    heartbeatMs: options.heartbeatMs ?? 1000,
    staleAfterMs: options.staleAfterMs ?? 600_000,
    progressIntervalMs: options.progressIntervalMs ?? 250,
    pauseGraceMs: options.pauseGraceMs ?? 3000,
  };
}
