/**
 * How long a run will take (pure): each phase's requests timed by the rate limiter's own arithmetic
 * (`estimateSeconds`: the fastest schedule Klaviyo's windows allow), plus the time Klaviyo spends
 * processing bulk import jobs, plus local work. Imports and removals use different rate-limit buckets
 * and run side by side, so the longer of the two counts.
 */
import type { Estimate, EstimatePhase } from '../../../shared/sync';
import type { OperationName } from '../klaviyo/index';

/** Klaviyo does not document how fast a bulk import job runs: profiles per second per job, assumed. */
export const DEFAULT_JOB_THROUGHPUT = 1000;
/** Nominal seconds a job waits before processing starts, assumed (the emulator queues jobs 0.5 s). */
export const DEFAULT_JOB_OVERHEAD_SECONDS = 0.5;
export const IMPORT_MAX_PROFILES = 10_000;
/** Batches are packed under this many bytes: Klaviyo's 5 MB, less room for the envelope. */
export const IMPORT_MAX_BYTES = 4_900_000;
export const REMOVE_MAX_IDS = 1000;

/**
 * Work per row beyond the requests' rate-limited time, in units of the plan's timed scan of one row.
 * Measured with the sync benchmark, where the emulator shares the machine, so Klaviyo's own handling
 * (parsing a job, processing its profiles, removing members) is counted too; against Klaviyo itself
 * that part happens on its servers and these slightly overestimate.
 * - import: reading the row, building its part of a job, Klaviyo parsing and processing it, its fate;
 * - remove: the same for a removal, which also competes with the imports for this thread;
 * - snapshot: its line in the list's new snapshot;
 * - run: every row of the run, counted when it starts and again when it ends.
 */
export const WORK_UNITS_PER_ROW = { import: 90, remove: 250, snapshot: 8, run: 4 } as const;

export interface EstimateInput {
  createList: boolean;
  importRows: number;
  /** Serialized bytes of the profiles to import (decides how many jobs when profiles are large). */
  importBytes: number;
  removeRows: number;
  /** Members the snapshot at the end will hold (local work). */
  snapshotRows: number;
  /** The file's size: it is read again (hashed) when the run starts. */
  fileBytes?: number;
  /** Rows of the run that are neither imported nor removed (unchanged, rejected, duplicates). */
  runRows?: number;
  /** Real seconds the limits allow for `requests` calls of an operation (KlaviyoClient.estimateSeconds). */
  estimateSeconds(operation: OperationName, requests: number): number;
  timeScale: number;
  /** Profiles per nominal second per job. */
  jobThroughput: number;
  jobOverheadSeconds: number;
  /** Real seconds per request round trip (not rate-limited time: the wire). */
  latencySeconds: number;
  /**
   * Real seconds of one unit of work on this machine now: the plan times its scan of the run's rows
   * (see planner.ts), and the per-row costs below are in those units.
   */
  secondsPerWorkUnit: number;
  /** Batch sizes, when smaller than Klaviyo's maximums. */
  importBatchProfiles?: number;
  removeBatchIds?: number;
}

export function importJobCount(rows: number, bytes: number, maxProfiles = IMPORT_MAX_PROFILES): number {
  if (rows <= 0) return 0;
  return Math.max(Math.ceil(rows / maxProfiles), Math.ceil(bytes / IMPORT_MAX_BYTES));
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Real seconds a job of `size` profiles takes from creation to completion. */
export function jobSeconds(size: number, input: Pick<EstimateInput, 'jobThroughput' | 'jobOverheadSeconds' | 'timeScale'>): number {
  return (input.jobOverheadSeconds + size / input.jobThroughput) / input.timeScale;
}

export function estimateRun(input: EstimateInput): Estimate {
  const phases: EstimatePhase[] = [];
  const lat = input.latencySeconds;
  const unit = input.secondsPerWorkUnit;
  // Claiming the run, checking the key's account, hashing the file again; counting its rows at both ends.
  const runRows = input.importRows + input.removeRows + (input.runRows ?? 0);
  const startSeconds = 2 * lat + (input.fileBytes ?? 0) / 400e6 + runRows * WORK_UNITS_PER_ROW.run * unit;

  let createSeconds = 0;
  if (input.createList) {
    // A lookup by name first (so a lost answer never creates the list twice), then the creation.
    createSeconds = input.estimateSeconds('createList', 1) + 2 * lat;
    phases.push({ phase: 'create_list', requests: 2, seconds: createSeconds, basis: 'look up the name, then create the list (10/s, 150/min, 150/day)' });
  }

  let importSeconds = 0;
  const jobs = importJobCount(input.importRows, input.importBytes, input.importBatchProfiles);
  if (jobs > 0) {
    const perJob = input.importRows / jobs;
    // Jobs are created as the budget allows and processed side by side: the last one created finishes last.
    let lastDone = 0;
    for (let i = 0; i < jobs; i++) {
      lastDone = Math.max(lastDone, input.estimateSeconds('createBulkImportJob', i + 1) + lat + jobSeconds(perJob, input));
    }
    // Each job is polled once when it should be done: creations and polls share one 10/s, 150/min budget.
    const budget = input.estimateSeconds('createBulkImportJob', 2 * jobs);
    importSeconds = Math.max(lastDone, budget) + lat + input.importRows * WORK_UNITS_PER_ROW.import * unit;
    phases.push({
      phase: 'import',
      requests: 2 * jobs,
      seconds: importSeconds,
      basis: `${fmt(jobs)} bulk import job${jobs === 1 ? '' : 's'} for ${fmt(input.importRows)} profiles (10/s, 150/min with their polls); `
        + `Klaviyo processing about ${fmt(input.jobThroughput)} profiles/s per job`,
    });
  }

  let removeSeconds = 0;
  const removes = Math.ceil(input.removeRows / (input.removeBatchIds ?? REMOVE_MAX_IDS));
  if (removes > 0) {
    removeSeconds = Math.max(input.estimateSeconds('removeProfilesFromList', removes), input.removeRows * WORK_UNITS_PER_ROW.remove * unit) + lat;
    phases.push({
      phase: 'remove',
      requests: removes,
      seconds: removeSeconds,
      basis: `${fmt(removes)} removal request${removes === 1 ? '' : 's'} of up to 1,000 people (10/s, 150/min), alongside the imports`,
    });
  }

  // The list's size (profile_count has its own 1/s, 15/min budget: on average half a second's wait) and the new snapshot.
  const finalizeSeconds = 0.5 / input.timeScale + lat + input.snapshotRows * WORK_UNITS_PER_ROW.snapshot * unit;
  phases.push({ phase: 'finalize', requests: 1, seconds: finalizeSeconds, basis: 'read the list size, record the result' });

  return { seconds: startSeconds + createSeconds + Math.max(importSeconds, removeSeconds) + finalizeSeconds, phases };
}

/**
 * Profiles per nominal second per job, from this account's finished jobs (real seconds × the time
 * scale they ran at, less the queueing overhead); the default when there is no history.
 */
export function refineJobThroughput(timings: ReadonlyArray<{ size: number; seconds: number; timeScale: number }>, overheadSeconds: number): number {
  const rates = timings
    .map((t) => t.size / Math.max(0.05, t.seconds * t.timeScale - overheadSeconds))
    .filter((r) => Number.isFinite(r) && r > 0)
    .sort((a, b) => a - b);
  if (rates.length === 0) return DEFAULT_JOB_THROUGHPUT;
  const median = rates[Math.floor(rates.length / 2)] as number;
  return Math.min(1_000_000, Math.max(50, median));
}
