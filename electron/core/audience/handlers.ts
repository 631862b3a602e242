/**
 * The audience channels of the AppApi: inspectFile, previewMapping, exportAudience. Exports carry a
 * caller-chosen taskId (cancellable through TaskRegistry / cancelTask) and report progress as
 * taskProgress events. Recording an export in the history is injected (the history store owns that).
 */
import type { AppHandlers } from '../../../shared/api';
import type { AudienceCounts, Delimiter, Encoding } from '../../../shared/audience';
import type { Mapping } from '../../../shared/mapping';
import type { EventHub } from '../events';
import type { TaskRegistry } from '../tasks';
import { exportAudience } from './export';
import { inspectFile } from './inspect';
import { previewMapping } from './preview';

export type AudienceHandlers = Pick<AppHandlers, 'inspectFile' | 'previewMapping' | 'exportAudience'>;

/** What the history keeps of a finished export. */
export interface ExportRecord {
  taskId: string;
  /** The input file, as given. */
  path: string;
  outDir: string;
  mapping: Mapping;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: AudienceCounts;
  files: { audience: string; rejects: string; summary: string };
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  sizeBytes: number;
  sha256: string;
}

export interface AudienceHandlerDeps {
  tasks: TaskRegistry;
  events: EventHub;
  /** Records a finished export; returns its run id. */
  recordExport(record: ExportRecord): Promise<string>;
  /** The settings' region for phone numbers without a country code (suggested mappings use it); default US. */
  defaultRegion?(): string | Promise<string>;
}

export function createAudienceHandlers(deps: AudienceHandlerDeps): AudienceHandlers {
  return {
    inspectFile: async ({ path }) => inspectFile(path, { defaultRegion: (await deps.defaultRegion?.()) ?? 'US' }),
    previewMapping: async ({ path, mapping }) => previewMapping(path, mapping),
    exportAudience: async ({ taskId, path, mapping, outDir }) => deps.tasks.run(taskId, async (signal) => {
      const startedAt = new Date().toISOString();
      const result = await exportAudience({
        path, mapping, outDir, signal,
        onProgress: (p) => deps.events.emit('taskProgress', {
          taskId, stage: p.stage, done: p.bytesRead, total: p.totalBytes, unit: 'bytes', rows: p.rows,
        }),
      });
      const runId = await deps.recordExport({
        taskId, path, outDir, mapping, startedAt, finishedAt: new Date().toISOString(), durationMs: result.durationMs,
        counts: result.counts, files: result.files, encoding: result.encoding, delimiter: result.delimiter,
        headers: result.headers, sizeBytes: result.sizeBytes, sha256: result.sha256,
      });
      return { runId, counts: result.counts, files: result.files, encoding: result.encoding, durationMs: result.durationMs };
    }),
  };
}
