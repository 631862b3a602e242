/** The audience pipeline's public surface: what the rest of the app and the tests call. */
export { createAudienceHandlers, type AudienceHandlers, type AudienceHandlerDeps, type ExportRecord } from './handlers';
export { exportAudience, exportNames } from './export';
export { inspectFile } from './inspect';
export { previewMapping } from './preview';
export { prepareAudience } from './prepare';
export type {
  AudienceSink, ExportFiles, ExportOptions, ExportOutcome, MergePatch, NormalizedProfile, PreparedBatch, PreparedRecord,
  PrepareOptions, PrepareProgress, PrepareResult, ProfileValueField, PropertyValue,
} from './types';
