/**
 * The audience pipeline's own vocabulary: what one streaming pass hands to its sink. The sync engine
 * stages these rows into SQLite; the exporter writes them as the SFTP-ready CSV.
 */
import type { AudienceCounts, Delimiter, Encoding, HeaderFix, RejectReason } from '../../../shared/audience';
import type { LocationField, Mapping, ProfileField } from '../../../shared/mapping';

export type ProfileValueField = ProfileField | LocationField;
export type PropertyValue = string | number | boolean;

export interface NormalizedProfile {
  /** Trimmed, lower-cased, syntax-checked. */
  email: string | null;
  /** E.164, e.g. +12065550100. */
  phone: string | null;
  externalId: string | null;
  /** Only non-empty values: Klaviyo's bulk import cannot clear a field with null. */
  fields: Partial<Record<ProfileValueField, string>>;
  /** Typed as the mapping says; dates as ISO 8601 strings. */
  properties: Record<string, PropertyValue>;
}

export type PreparedRecord =
  | { line: number; status: 'accepted'; profile: NormalizedProfile }
  | { line: number; status: 'rejected'; reason: RejectReason; message: string; values: string[] }
  | { line: number; status: 'duplicate'; duplicateOf: number; note: string | null }
  | { line: number; status: 'blank' };

/** A later duplicate filled something the kept line lacked: apply `set` to the kept line's profile. */
export interface MergePatch {
  /** The kept line. */
  line: number;
  set: Partial<NormalizedProfile>;
}

/** One slice of the file, records in file order. Patches may name kept lines from earlier batches. */
export interface PreparedBatch {
  records: PreparedRecord[];
  patches: MergePatch[];
}

export interface AudienceSink {
  /** Awaited before the pass sends more: a slow sink slows the pass down (backpressure). */
  write(batch: PreparedBatch): void | Promise<void>;
  /**
   * The pass restarts from the top: the file stopped being valid UTF-8 after the sampled start, so it
   * is read again as Windows-1252. Forget every batch received so far. A sink without `reset` makes
   * such a file fail with FILE_UNREADABLE instead of receiving rows twice.
   */
  reset?(): void | Promise<void>;
}

export interface PrepareProgress {
  bytesRead: number;
  totalBytes: number;
  /** Data records read so far. */
  rows: number;
}

export interface PrepareOptions {
  path: string;
  mapping: Mapping;
  signal?: AbortSignal;
  /** Called at most about 10 times a second, and once at the end. */
  onProgress?(progress: PrepareProgress): void;
  sink: AudienceSink;
}

export interface PrepareResult {
  counts: AudienceCounts;
  encoding: Encoding;
  encodingNote: string | null;
  delimiter: Delimiter;
  headers: string[];
  headerFixes: HeaderFix[];
  sizeBytes: number;
  /** Of the file's bytes, computed in the same pass. */
  sha256: string;
  durationMs: number;
}

export interface ExportFiles {
  /** Absolute paths of the three files written. */
  files: { audience: string; rejects: string; summary: string };
}

export interface ExportOptions {
  path: string;
  mapping: Mapping;
  outDir: string;
  signal?: AbortSignal;
  onProgress?(progress: PrepareProgress & { stage: 'reading' | 'writing' }): void;
}

export type ExportOutcome = ExportFiles & PrepareResult;
