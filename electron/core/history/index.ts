/** The offline history: queries, run-log export, alerts, retention, and the AppApi handlers over them. */
export { createHistoryService, type HistoryService, type HistoryServiceOptions, type HistorySettings } from './history-service';
export { createHistoryHandlers, type HistoryHandlers } from './history-handlers';
export { purgeExpiredRowDetail, retentionCutoff, type RetentionOptions, type RetentionResult } from './retention';
export { RUN_LOG_HEADERS } from './run-log-export';
