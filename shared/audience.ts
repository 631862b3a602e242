/** What the audience pipeline reports: a file's inspection, each line's fate, the counts. */
import { z } from 'zod';
import { MappingSchema, TargetSchema, RegionSchema, type Target } from './mapping';

export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface HeaderFix {
  index: number;
  /** The header as written in the file ('' when blank). */
  original: string;
  /** The unique, visible name used instead. */
  name: string;
  reason: 'blank' | 'duplicate';
}

export interface MappingSuggestion {
  target: Target;
  /** Why: "header looks like an email column", "92% of sampled values are phone numbers", … */
  reason: string;
  /** 0..1 */
  confidence: number;
}

export interface ColumnInsight {
  index: number;
  header: string;
  /** Up to 5 distinct non-empty sample values, as written. */
  samples: string[];
  /** Share of sampled rows where this column is non-empty, 0..1. */
  fillRate: number;
  suggestion: MappingSuggestion;
}

export interface InspectResult {
  file: { path: string; name: string; sizeBytes: number; modifiedMs: number };
  encoding: Encoding;
  /** Set when the encoding was a fallback or a guess, e.g. "Not valid UTF-8: read as Windows-1252". */
  encodingNote: string | null;
  delimiter: Delimiter;
  headers: string[];
  headerFixes: HeaderFix[];
  /** Data rows (not counting the header): exact when the whole file was read, else estimated from the sample. */
  rowEstimate: number;
  rowCountExact: boolean;
  /** The first data rows, fields as strings (at most 50 rows). */
  preview: string[][];
  columns: ColumnInsight[];
  /** The suggested mapping built from the columns' suggestions. */
  suggestedMapping: z.infer<typeof MappingSchema>;
  warnings: string[];
}

/** Why a line was rejected. */
export const REJECT_REASONS = [
  'field_count',   // expected 7 fields, found 9
  'no_identifier', // no valid email, phone or external id
  'invalid_email',
  'invalid_phone',
  'invalid_value', // a typed property (number, boolean, date) that does not parse
  'too_large',     // over Klaviyo's 100 KB per-profile limit
  'conflict',      // identifiers that belong to different people in this file (Klaviyo would answer 409)
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Line counts of one pass over a file. accepted + rejected + duplicates + blank === records. */
export interface AudienceCounts {
  /** Data records after the header (a quoted field with newlines makes one record span several lines). */
  records: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  blank: number;
  /** Per reason, the rejected lines. */
  rejectedBy: Partial<Record<RejectReason, number>>;
}

export interface RejectedLine {
  /** 1-based physical line where the record starts in the file. */
  line: number;
  reason: RejectReason;
  /** Plain wording, e.g. "expected 7 fields, found 9" or "phone +12065550100 is already used by line 12 (ann@example.com)". */
  message: string;
  /** The original values of the record, as read. */
  values: string[];
}

/** Before/after for one value of a column under a target (the mapping screen's samples). */
export interface NormalizedSample {
  before: string;
  after: string | null;
  problem: string | null;
}

export const InspectRequestSchema = z.object({ path: z.string().min(1) });
export type InspectRequest = z.infer<typeof InspectRequestSchema>;

/** Re-reads the sampled rows under a (possibly edited) mapping: validity per column, before/after samples. */
export const PreviewMappingRequestSchema = z.object({ path: z.string().min(1), mapping: MappingSchema });
export type PreviewMappingRequest = z.infer<typeof PreviewMappingRequestSchema>;
export interface ColumnPreview {
  index: number;
  target: Target;
  /** Share of sampled non-empty values that are valid for the target, 0..1 (1 for ignore / string property). */
  validity: number;
  samples: NormalizedSample[];
}
export interface PreviewMappingResult {
  columns: ColumnPreview[];
  /** What the sampled rows would become: counts over the sample only. */
  sampleCounts: AudienceCounts;
  sampleSize: number;
  problems: string[];
}

export const ExportRequestSchema = z.object({
  /** Chosen by the caller so progress events and tasks.cancel can name this task. */
  taskId: z.string().min(1).max(100),
  path: z.string().min(1),
  mapping: MappingSchema,
  outDir: z.string().min(1),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export interface ExportResult {
  runId: string;
  counts: AudienceCounts;
  files: { audience: string; rejects: string; summary: string };
  encoding: Encoding;
  durationMs: number;
}

export { TargetSchema, RegionSchema };
