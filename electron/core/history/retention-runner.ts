/** Runs the retention sweep in a worker thread (retention.worker.ts) and waits for its answer. */
import { basename, dirname } from 'node:path';
import { AppError, type AppErrorData } from '../../../shared/errors';
import { spawnWorker } from '../audience/spawn-worker';
import type { RetentionResult } from './retention';

export interface RetentionWorkerInput {
  dataDir: string;
  fileName: string;
  nativeBinding?: string;
  retentionDays: number | null;
  /** ISO 8601. */
  now: string;
  targetChunkMs?: number;
  chunkRows?: number;
}

export type RetentionWorkerReply = { ok: true; result: RetentionResult } | { ok: false; error: AppErrorData };

export interface WorkerSweepOptions {
  /** The database file (the store's path). */
  path: string;
  nativeBinding?: string;
  retentionDays: number | null;
  now: Date;
  targetChunkMs?: number;
  chunkRows?: number;
  /** Stops the worker: a delete in flight is rolled back like after a crash, and the next sweep finishes the job. */
  signal?: AbortSignal;
}

export function sweepInWorker(options: WorkerSweepOptions): Promise<RetentionResult> {
  const input: RetentionWorkerInput = {
    dataDir: dirname(options.path), fileName: basename(options.path), retentionDays: options.retentionDays, now: options.now.toISOString(),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.targetChunkMs !== undefined ? { targetChunkMs: options.targetChunkMs } : {}),
    ...(options.chunkRows !== undefined ? { chunkRows: options.chunkRows } : {}),
  };
  return new Promise<RetentionResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AppError({ code: 'CANCELLED', message: 'Cancelled.' }));
      return;
    }
    const worker = spawnWorker(new URL('./retention.worker.ts', import.meta.url), { workerData: input });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      settle(() => reject(new AppError({ code: 'CANCELLED', message: 'Cancelled.' })));
      void worker.terminate();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: RetentionWorkerReply) => {
      settle(() => (reply.ok ? resolve(reply.result) : reject(new AppError(reply.error))));
    });
    worker.once('error', (error) => {
      settle(() => reject(new AppError({ code: 'INTERNAL', message: 'Clearing old row details failed; the next sweep will retry.' }, { cause: error })));
    });
    worker.once('exit', (code) => {
      settle(() => reject(new AppError({ code: 'INTERNAL', message: `Clearing old row details stopped unexpectedly (exit ${code}); the next sweep will retry.` })));
    });
  });
}
