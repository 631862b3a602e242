/**
 * A `runs` row as SQLite returns it, and its conversion to the contract's RunSummary. The JSON
 * columns are validated on the way out: a damaged value is logged and shown as absent, so one bad
 * row never hides the rest of the history.
 */
import { z } from 'zod';
import { AppError, ERROR_CODES, type Action, type AppErrorData } from '../../../shared/errors';
import { RUN_STATUSES, type RunSummary } from '../../../shared/sync';
import type { Logger } from '../log';
import { sql } from '../store/sql';

/** The columns RunSummary needs, in one place so every query selects the same ones. */
export const runSummaryColumns = sql`r.id, r.kind, r.status, r.created_at, r.started_at, r.finished_at,
  r.credential_id, r.credential_name, r.account_id, r.account_name, r.list_id, r.list_name,
  r.file_path, r.file_name, r.file_size, r.file_sha256, r.mode, r.content, r.estimate_seconds, r.actual_seconds,
  r.total, r.added, r.updated, r.removed, r.unchanged, r.rejected, r.duplicates, r.failed, r.pending,
  r.action_json, r.last_error_json`;

const text = z.string();
const maybe = z.string().nullable();
const count = z.number().int();

export const RunRecordSchema = z.object({
  id: text,
  kind: z.enum(['sync', 'export']),
  status: z.enum(RUN_STATUSES),
  created_at: text,
  started_at: maybe,
  finished_at: maybe,
  credential_id: maybe,
  credential_name: maybe,
  account_id: maybe,
  account_name: maybe,
  list_id: maybe,
  list_name: maybe,
  file_path: text,
  file_name: text,
  file_size: count,
  file_sha256: text,
  mode: z.enum(['add', 'mirror']).nullable(),
  content: z.enum(['identifiers', 'full']).nullable(),
  estimate_seconds: z.number().nullable(),
  actual_seconds: z.number().nullable(),
  total: count,
  added: count,
  updated: count,
  removed: count,
  unchanged: count,
  rejected: count,
  duplicates: count,
  failed: count,
  pending: count,
  action_json: maybe,
  last_error_json: maybe,
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const ActionSchema = z.object({
  kind: z.enum(['replace_key', 'add_scope', 'remove_lists', 'wait_until', 'recreate_list', 'check_network', 'resume', 'retry', 'fix_file']),
  title: z.string(),
  message: z.string(),
  steps: z.array(z.string()),
  resumeAfter: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  listCount: z.number().optional(),
  listCap: z.number().optional(),
  helpUrl: z.string().optional(),
});

export const ErrorDataSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  action: ActionSchema.optional(),
});

/**
 * Parses a JSON column against its schema. Null stays null; a value that does not parse is logged
 * (with the run and the column, never the value: it could be anything) and read as null.
 */
export function readJsonColumn<T>(
  raw: string | null, schema: z.ZodType<T>, where: { runId: string; column: string }, logger: Logger,
): T | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    logger.warn('a history column holds invalid JSON; shown as empty', where);
    return null;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    logger.warn('a history column does not match its schema; shown as empty', { ...where, issues: parsed.error.issues.length });
    return null;
  }
  return parsed.data;
}

/** Validates a raw `runs` row; a row that is not one is a damaged history file. */
export function parseRunRecord(row: unknown, path: string): RunRecord {
  const parsed = RunRecordSchema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = (row as { id?: unknown } | null)?.id;
  throw new AppError({
    code: 'DATABASE_ERROR',
    message: `A run in the sync history at ${path} is damaged and can't be shown. The other runs are unaffected.`,
    details: { path, runId: typeof id === 'string' ? id : null },
  });
}

/** The contract's view of a run (pure). */
export function toRunSummary(r: RunRecord, logger: Logger): RunSummary {
  const where = (column: string) => ({ runId: r.id, column });
  const action: Action | null = readJsonColumn(r.action_json, ActionSchema, where('action_json'), logger);
  const lastError: AppErrorData | null = readJsonColumn(r.last_error_json, ErrorDataSchema, where('last_error_json'), logger);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    credential: r.credential_id === null && r.credential_name === null ? null : { id: r.credential_id, name: r.credential_name ?? '' },
    account: r.account_id === null ? null : { id: r.account_id, name: r.account_name ?? '' },
    list: r.list_id === null && r.list_name === null ? null : { id: r.list_id, name: r.list_name ?? '' },
    file: { path: r.file_path, name: r.file_name, sizeBytes: r.file_size, sha256: r.file_sha256 },
    mode: r.mode,
    content: r.content,
    counts: {
      total: r.total, added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged,
      rejected: r.rejected, duplicates: r.duplicates, failed: r.failed, pending: r.pending,
    },
    estimateSeconds: r.estimate_seconds,
    actualSeconds: r.actual_seconds,
    action,
    lastError,
  };
}

export function runNotFound(runId: string): AppError {
  return new AppError({
    code: 'RUN_NOT_FOUND',
    message: 'That sync is not in the history any more. Refresh the history to see the current runs.',
    details: { runId },
  });
}
