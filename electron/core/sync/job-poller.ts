/**
 * Polls bulk import jobs until Klaviyo says they are done. Polls share the 10/s, 150/min budget with
 * job creation, so each job is polled when it should be finished (its size at the expected processing
 * speed), again only as its own progress suggests, and never while a job creation is waiting for the
 * budget: a poll then would only delay the next job.
 */
import type { BulkImportJob } from '../klaviyo/index';
import { jobSeconds } from './estimate';
import { importBucketBusy, type RunState } from './run-state';

export interface OutstandingJob {
  batchId: number;
  jobId: string;
  size: number;
  /** Epoch ms when Klaviyo accepted the job. */
  sentAtMs: number;
}

export interface JobPoller {
  add(job: OutstandingJob): void;
  /** No more jobs will be added: the poller ends when the last one is confirmed. */
  creationsFinished(): void;
  /** Resolves when every job is confirmed, or when the run stops (a pause keeps the jobs for later). */
  run(): Promise<void>;
  readonly outstanding: number;
  /** Resolves when a job is confirmed or the poller stops. */
  changed(): Promise<void>;
}

interface Entry {
  job: OutstandingJob;
  dueAt: number;
}

export function createJobPoller(state: RunState, confirm: (job: OutstandingJob, result: BulkImportJob) => Promise<void>): JobPoller {
  const entries = new Map<number, Entry>();
  let creating = true;
  let wake: (() => void) | null = null;
  let waiters: Array<() => void> = [];
  const notify = () => {
    const all = waiters;
    waiters = [];
    for (const resolve of all) resolve();
  };
  const nudge = () => {
    wake?.();
    wake = null;
  };
  const scale = state.runOptions.timeScale;
  const speed = { jobThroughput: state.runOptions.jobThroughput ?? 1000, jobOverheadSeconds: state.ctx.options.jobOverheadSeconds, timeScale: scale };
  const minIntervalMs = 1000 / scale;

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      wake = null;
      resolve();
    }, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  let stopped = false;
  const shouldStop = () => state.failure !== null || state.stopRequest === 'pause' || (state.stopping && state.stopRequest === null);

  return {
    get outstanding() {
      return entries.size;
    },
    add(job) {
      entries.set(job.batchId, { job, dueAt: job.sentAtMs + jobSeconds(job.size, speed) * 1000 });
      nudge();
    },
    creationsFinished() {
      creating = false;
      nudge();
    },
    changed: () => (stopped ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async run() {
      try {
        await loop();
      } finally {
        stopped = true;
        notify();
      }
    },
  };

  async function loop(): Promise<void> {
    while (!shouldStop()) {
      if (entries.size === 0) {
        if (!creating) return;
        await sleep(200);
        continue;
      }
      let next: Entry | undefined;
      for (const entry of entries.values()) if (!next || entry.dueAt < next.dueAt) next = entry;
      const entry = next as Entry;
      const wait = entry.dueAt - Date.now();
      if (wait > 0) {
        await sleep(Math.min(wait, 200));
        continue;
      }
      if (creating && importBucketBusy(state.client)) {
        entry.dueAt = Date.now() + minIntervalMs;
        continue;
      }
      let result: BulkImportJob;
      try {
        state.requests.import += 1;
        result = await state.client.getBulkImportJob(entry.job.jobId, { signal: state.abort.signal });
      } catch (error) {
        if (!shouldStop()) state.fail(error);
        return;
      }
      if (result.status === 'complete' || result.status === 'cancelled') {
        try {
          await confirm(entry.job, result);
        } catch (error) {
          if (!shouldStop()) state.fail(error);
          return;
        }
        entries.delete(entry.job.batchId);
        notify();
        continue;
      }
      // Not done yet: come back when the rest should be, judging by what it has processed so far.
      const left = Math.max(0, result.totalCount - result.completedCount - result.failedCount);
      const queued = result.status === 'queued' ? speed.jobOverheadSeconds : 0;
      const seconds = (queued + left / speed.jobThroughput) / scale;
      entry.dueAt = Date.now() + Math.max(minIntervalMs, seconds * 1000);
    }
  }
}
