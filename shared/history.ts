/** Offline history: runs, each row's fate, a person across runs, a list's size over time. */
import { z } from 'zod';
import { ROW_FATES, RUN_STATUSES, type RowFate, type RunSummary, type Estimate, type RunPhase } from './sync';
import type { Mapping } from './mapping';
import type { AudienceCounts } from './audience';

export const RunsQuerySchema = z.object({
  listId: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  kind: z.enum(['sync', 'export']).optional(),
  since: z.string().datetime().optional(),
  until: z.string().datetime().optional(),
  /** Matches the list name, the file name or the credential name. */
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
}).default({ limit: 50, offset: 0 });
export type RunsQuery = z.input<typeof RunsQuerySchema>;
export interface RunsPage {
  runs: RunSummary[];
  total: number;
}

export interface PhaseTiming {
  phase: RunPhase;
  startedAt: string | null;
  finishedAt: string | null;
  requests: number;
  estimateSeconds: number | null;
}

export interface RunDetail extends RunSummary {
  mapping: Mapping | null;
  audience: AudienceCounts | null;
  estimate: Estimate | null;
  phases: PhaseTiming[];
  /** Row-level detail was dropped by the retention setting (counts remain). */
  rowsPurged: boolean;
}

export const RowsQuerySchema = z.object({
  runId: z.string().min(1),
  fate: z.enum(ROW_FATES).optional(),
  search: z.string().max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type RowsQuery = z.input<typeof RowsQuerySchema>;

export interface RowRecord {
  /** 1-based line in the file; null for list members removed because they were absent from the file. */
  line: number | null;
  fate: RowFate;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  profileId: string | null;
  reason: string | null;
  /** For duplicates: the line they were merged into. */
  duplicateOf: number | null;
  /** What the plan decided for the row (what a pending row is waiting for); null for lines it does not send. */
  planned: PlannedAction | null;
}
export const PLANNED_ACTIONS = ['add', 'update', 'remove', 'unchanged'] as const;
export type PlannedAction = (typeof PLANNED_ACTIONS)[number];
export interface RowsPage {
  rows: RowRecord[];
  total: number;
}

export const FindPersonSchema = z.object({ query: z.string().trim().min(1).max(320) });
export interface PersonEvent {
  runId: string;
  at: string;
  listName: string | null;
  fate: RowFate;
  line: number | null;
  reason: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}
export interface FindPersonResult {
  query: string;
  /** How the query was read: an email, a phone number (normalized) or an external id. */
  matchedAs: 'email' | 'phone' | 'externalId';
  events: PersonEvent[];
}

export const ListSizesSchema = z.object({ listId: z.string().min(1) });
export interface ListSizePoint {
  at: string;
  runId: string;
  size: number;
  added: number;
  removed: number;
}
export interface ListSizes {
  listId: string;
  listName: string;
  points: ListSizePoint[];
}

export const ExportRunLogSchema = z.object({ runId: z.string().min(1), path: z.string().min(1) });
export interface ExportRunLogResult {
  path: string;
  rows: number;
}

export type { RowFate };
