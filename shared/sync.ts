/** Plans, runs and their progress: the sync engine's vocabulary, shared by the UI and the command line. */
import { z } from 'zod';
import { MappingSchema } from './mapping';
import type { Action, AppErrorData } from './errors';
import type { AudienceCounts, RejectedLine } from './audience';

export const SyncModeSchema = z.enum(['add', 'mirror']);
export type SyncMode = z.infer<typeof SyncModeSchema>;
/** identifiers: only Email / PhoneNumber / ExternalID are written; full: mapped fields and properties too. */
export const ProfileContentSchema = z.enum(['identifiers', 'full']);
export type ProfileContent = z.infer<typeof ProfileContentSchema>;

export const ListTargetSchema = z.union([
  z.object({ id: z.string().min(1) }),
  z.object({ name: z.string().trim().min(1).max(200), create: z.boolean().default(false) }),
]);
export type ListTarget = z.infer<typeof ListTargetSchema>;

export const PlanRequestSchema = z.object({
  taskId: z.string().min(1).max(100),
  /** Omitted only by the command line, where it means the KLAVIYO_API_KEY environment variable. */
  credentialId: z.string().min(1).optional(),
  path: z.string().min(1),
  mapping: MappingSchema,
  list: ListTargetSchema,
  mode: SyncModeSchema.default('add'),
  content: ProfileContentSchema.default('identifiers'),
});
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

/** One person, as far as the file or the list tells us. */
export interface PersonRef {
  line: number | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  profileId: string | null;
}

export const RUN_PHASES = ['prepare', 'read_members', 'create_list', 'import', 'remove', 'finalize'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export interface EstimatePhase {
  phase: RunPhase;
  requests: number;
  seconds: number;
  /** How it was computed, e.g. "2,000 pages at 750/min (burst 75/s)". */
  basis: string;
}
export interface Estimate {
  seconds: number;
  phases: EstimatePhase[];
}

export interface PlanCounts {
  add: number;
  update: number;
  remove: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
}

export interface Plan {
  runId: string;
  createdAt: string;
  list: {
    id: string | null;
    name: string;
    exists: boolean;
    willCreate: boolean;
    memberCount: number;
  };
  mode: SyncMode;
  content: ProfileContent;
  audience: AudienceCounts;
  counts: PlanCounts;
  samples: {
    add: PersonRef[];
    update: PersonRef[];
    remove: PersonRef[];
    unchanged: PersonRef[];
    rejected: RejectedLine[];
  };
  estimate: Estimate;
  /** A mirror plan that removes more than half of the list must be confirmed when it is started. */
  massRemoval: { confirmationRequired: boolean; removeShare: number };
  /** Only when the plan creates a list: how close the account is to its caps. */
  listCaps: { listsAndSegments: number; cap: number; createdToday: number; dailyCap: number } | null;
  /** Where the current members came from: read from Klaviyo, or the last sync's snapshot (Klaviyo agreed it is current). */
  memberSource: 'klaviyo' | 'snapshot' | 'none';
  warnings: string[];
}

export const StartRunSchema = z.object({
  runId: z.string().min(1),
  /** Required when the plan said massRemoval.confirmationRequired. */
  confirmMassRemoval: z.boolean().default(false),
});
export const RunIdSchema = z.object({ runId: z.string().min(1) });

export const RUN_STATUSES = ['planned', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
/**
 * planned → running → completed | paused | cancelled | failed.
 * paused: by the person, or by a failure they can fix (then `action` says how) — resumable.
 * interrupted: the process died mid-run (crash, kill, power cut) — resumable.
 */
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ROW_FATES = ['pending', 'added', 'updated', 'removed', 'unchanged', 'rejected', 'failed', 'duplicate'] as const;
export type RowFate = (typeof ROW_FATES)[number];

export interface RunCounts {
  /** Data records in the file. */
  total: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
  failed: number;
  pending: number;
}

export interface RunSummary {
  id: string;
  kind: 'sync' | 'export';
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  credential: { id: string | null; name: string } | null;
  account: { id: string; name: string } | null;
  list: { id: string | null; name: string } | null;
  file: { path: string; name: string; sizeBytes: number; sha256: string };
  mode: SyncMode | null;
  content: ProfileContent | null;
  counts: RunCounts;
  estimateSeconds: number | null;
  actualSeconds: number | null;
  /** What a person can do, when the run stopped on something they can fix. */
  action: Action | null;
  lastError: AppErrorData | null;
}

export interface PhaseProgress {
  phase: RunPhase;
  done: number;
  total: number;
  state: 'pending' | 'active' | 'done' | 'skipped';
}

export interface RunProgress {
  runId: string;
  phase: RunPhase;
  done: number;
  total: number;
  /** Units per second over the last few seconds (rows, pages or ids, depending on the phase). */
  ratePerSecond: number;
  etaSeconds: number | null;
  phases: PhaseProgress[];
}

/** Progress of a task that is not a run (inspect, export, planning). */
export interface TaskProgress {
  taskId: string;
  stage: 'reading' | 'writing' | 'reading_members' | 'planning';
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows' | 'members';
  rows: number;
}
