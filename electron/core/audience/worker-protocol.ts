/** Messages between the prepare worker (the reading thread) and the thread that started it. */
import type { MessagePort } from 'node:worker_threads';
import type { AppErrorData } from '../../../shared/errors';
import type { Mapping } from '../../../shared/mapping';
import type { ExportTempFiles, ExportWriteStats } from './export-writer';
import type { PrepareProgress, PrepareResult } from './types';

export interface PrepareWorkerData {
  path: string;
  mapping: Mapping;
  /** 'batches': rows go back to the caller's sink; 'export': the worker writes the export files. */
  mode: 'batches' | 'export';
  exportFiles?: ExportTempFiles;
  /** The export folder, for plain-words write errors. */
  outDir?: string;
  /** One port per stage worker; empty: slices are staged in the prepare worker itself. */
  stagePorts: MessagePort[];
  chunkBytes?: number;
}

export type FromPrepareWorker =
  | { type: 'progress'; progress: PrepareProgress }
  /** The pass is done; the export files are being finished (merges applied, synced to disk). */
  | { type: 'writing' }
  /** A PreparedBatch as JSON (cheaper to move between threads than a structured clone). */
  | { type: 'batch'; seq: number; json: string }
  | { type: 'reset'; seq: number }
  | { type: 'done'; result: PrepareResult; exportStats: ExportWriteStats | null }
  | { type: 'error'; error: AppErrorData; internal: string | null };

export type ToPrepareWorker = { type: 'ack'; seq: number };
