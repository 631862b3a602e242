/**
 * Exports for SFTP are runs too: the history shows when a file was exported, with which mapping, and
 * what became of its lines (the counts). The row-level detail of an export lives in the files it wrote
 * (the audience CSV and the rejects CSV), so no run_rows are kept for it.
 */
import { basename } from 'node:path';
import type { AudienceCounts } from '../../../shared/audience';
import type { Mapping } from '../../../shared/mapping';
import { sql } from './sql';
import type { Store } from './store';

export interface ExportRunRecord {
  path: string;
  outDir: string;
  mapping: Mapping;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: AudienceCounts;
  files: { audience: string; rejects: string; summary: string };
  sizeBytes: number;
  sha256: string;
}

/** Inserts a completed export run and returns its id. */
export function insertExportRun(store: Store, record: ExportRunRecord, id: string = crypto.randomUUID()): string {
  const c = record.counts;
  store.run(sql`INSERT INTO runs (id, kind, status, created_at, started_at, finished_at,
      file_path, file_name, file_size, file_sha256, mapping_json, options_json, audience_json, actual_seconds,
      total, added, rejected, duplicates)
    VALUES (${id}, ${'export'}, ${'completed'}, ${record.startedAt}, ${record.startedAt}, ${record.finishedAt},
      ${record.path}, ${basename(record.path)}, ${record.sizeBytes}, ${record.sha256}, ${JSON.stringify(record.mapping)},
      ${JSON.stringify({ outDir: record.outDir, files: record.files })}, ${JSON.stringify(c)}, ${record.durationMs / 1000},
      ${c.records}, ${c.accepted}, ${c.rejected}, ${c.duplicates})`);
  return id;
}
