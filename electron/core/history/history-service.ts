/**
 * The offline history behind the AppApi's history and alert channels, for the window and the command
 * line alike: plain synchronous reads on the process's one SQLite connection (each is an index seek;
 * see test/bench/history.ts), the run-log export, alerts, and the retention sweep.
 */
import type { z } from 'zod';
import type { Alert } from '../../../shared/api';
import type {
  ExportRunLogResult, FindPersonResult, ListSizes, RowsPage, RowsQuerySchema, RunDetail, RunsPage, RunsQuerySchema,
} from '../../../shared/history';
import type { EventHub } from '../events';
import { createLogger, type Logger } from '../log';
import type { Store } from '../store/store';
import { createAlertsWatcher, listAlerts } from './alerts';
import { getListSizes } from './list-sizes';
import { findPerson } from './person-query';
import { purgeExpiredRowDetail, sweepNeeded, type RetentionResult } from './retention';
import { sweepInWorker } from './retention-runner';
import { getRunDetail } from './run-detail';
import { exportRunLog } from './run-log-export';
import { createRowsReader } from './rows-query';
import { listRuns } from './runs-query';

export interface HistorySettings {
  defaultRegion: string;
  rowRetentionDays: number | null;
}

export interface HistoryServiceOptions {
  store: Store;
  events: EventHub;
  /** Read on every use, so a changed setting applies at once. */
  settings: () => HistorySettings;
  logger?: Logger;
  /** Sweep expired row detail whenever a run finishes (default true). */
  retentionAfterRuns?: boolean;
  /**
   * Where the sweep runs: 'worker' (default) on its own thread and connection, so its transactions
   * and WAL checkpoints never stall this thread; 'inline' on this connection (tests, tools).
   */
  retentionThread?: 'worker' | 'inline';
  /** better-sqlite3's binding for this runtime (Electron's ABI), for the worker's connection. */
  nativeBinding?: string;
  now?: () => Date;
}

export interface HistoryService {
  listRuns(query: z.output<typeof RunsQuerySchema>): RunsPage;
  getRun(runId: string): RunDetail;
  listRunRows(query: z.output<typeof RowsQuerySchema>): RowsPage;
  findPerson(query: string): FindPersonResult;
  getListSizes(listId: string): ListSizes;
  exportRunLog(input: { runId: string; path: string }, signal?: AbortSignal): Promise<ExportRunLogResult>;
  listAlerts(): Alert[];
  dismissAlert(runId: string): void;
  /** Re-reads the alerts and emits alertsChanged if they changed (e.g. on window focus: the command line may have run a sync). */
  refreshAlerts(): void;
  /**
   * Deletes the row detail of finished runs older than the retention setting, in small chunks. Call at
   * start-up; it also runs after each finished run unless disabled. Concurrent calls share one sweep.
   */
  applyRetention(): Promise<RetentionResult>;
  /** Stops listening for run events and abandons a sweep in progress (the next one finishes it). */
  close(): Promise<void>;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function createHistoryService(options: HistoryServiceOptions): HistoryService {
  const { store, events } = options;
  const logger = options.logger ?? createLogger({ scope: 'history' });
  const now = options.now ?? (() => new Date());
  const rows = createRowsReader(store, { defaultRegion: () => options.settings().defaultRegion });
  const alerts = createAlertsWatcher(store, events);
  const stopping = new AbortController();
  let sweep: Promise<RetentionResult> | null = null;

  const sweepOnce = async (): Promise<RetentionResult> => {
    const retentionDays = options.settings().rowRetentionDays;
    if (!sweepNeeded(store, retentionDays, now())) return { runs: 0, rows: 0, members: 0, longestChunkMs: 0 };
    return options.retentionThread === 'inline'
      ? purgeExpiredRowDetail(store, { retentionDays, now: now(), signal: stopping.signal })
      : sweepInWorker({
        path: store.path, retentionDays, now: now(), signal: stopping.signal,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      });
  };

  const applyRetention = (): Promise<RetentionResult> => {
    sweep ??= sweepOnce().then((result) => {
      if (result.runs > 0 || result.rows > 0) logger.info('retention cleared row detail of old runs', { ...result });
      return result;
    }).finally(() => {
      sweep = null;
      rows.clear();
    });
    return sweep;
  };

  const unsubscribe = options.retentionAfterRuns === false ? () => undefined : events.on('runStatus', (run) => {
    if (!FINISHED.has(run.status) || stopping.signal.aborted) return;
    applyRetention().catch((error: unknown) => {
      if (!stopping.signal.aborted) logger.warn('clearing old row detail failed; the next sweep retries', { error });
    });
  });

  return {
    listRuns: (query) => listRuns(store, query, logger),
    getRun: (runId) => getRunDetail(store, runId, logger),
    listRunRows: (query) => rows.list(query),
    findPerson: (query) => findPerson(store, query, options.settings().defaultRegion, logger),
    getListSizes: (listId) => getListSizes(store, listId, logger),
    exportRunLog: (input, signal) => exportRunLog(store, input, signal),
    listAlerts: () => listAlerts(store, logger),
    dismissAlert: (runId) => alerts.dismiss(runId),
    refreshAlerts: () => alerts.refresh(),
    applyRetention,
    async close() {
      unsubscribe();
      alerts.stop();
      stopping.abort();
      await sweep?.catch(() => undefined);
    },
  };
}
