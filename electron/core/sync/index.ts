/** The sync engine's public surface. */
export { createSyncEngine, createSyncHandlers, type SyncEngine, type SyncHandlers } from './sync-engine';
export type { SyncDeps, SyncOptions } from './deps';
export { estimateRun, refineJobThroughput, DEFAULT_JOB_THROUGHPUT, type EstimateInput } from './estimate';
export { classifyFailure, type RunFailure } from './failure-actions';
