/**
 * The write side of `runs`: a run is created when planning starts, filled in when the plan is done,
 * claimed by the one process that runs it, kept alive with a heartbeat, and moved through its
 * statuses. Counts are always recomputed from run_rows, never incremented, so they cannot drift
 * after a crash.
 */
import { z } from 'zod';
import { AppError, type Action, type AppErrorData } from '../../../shared/errors';
import { RUN_STATUSES, type RunStatus, type RunCounts } from '../../../shared/sync';
import { sql } from './sql';
import type { Store } from './store';

export interface NewRunRecord {
  id: string;
  createdAt: string;
  credentialId: string | null;
  credentialName: string | null;
  accountId: string | null;
  accountName: string | null;
  listId: string | null;
  listName: string | null;
  filePath: string;
  fileName: string;
  mode: 'add' | 'mirror';
  content: 'identifiers' | 'full';
  mappingJson: string;
  optionsJson: string;
  ownerPid: number;
}

/** The columns the engine itself needs (the summary columns come from history/run-record.ts). */
const EngineRowSchema = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  started_at: z.string().nullable(),
  credential_id: z.string().nullable(),
  account_id: z.string().nullable(),
  list_id: z.string().nullable(),
  list_name: z.string().nullable(),
  file_path: z.string(),
  file_size: z.number().int(),
  file_sha256: z.string(),
  mode: z.enum(['add', 'mirror']).nullable(),
  content: z.enum(['identifiers', 'full']).nullable(),
  mapping_json: z.string(),
  options_json: z.string().nullable(),
  plan_json: z.string().nullable(),
  action_json: z.string().nullable(),
  list_size_before: z.number().int().nullable(),
  owner_pid: z.number().int().nullable(),
  heartbeat_at: z.string().nullable(),
  control: z.enum(['pause', 'cancel']).nullable(),
  actual_seconds: z.number().nullable(),
});
export type EngineRunRow = z.infer<typeof EngineRowSchema>;

export interface PlannedFields {
  fileSize: number;
  fileSha256: string;
  listId: string | null;
  listName: string;
  listSizeBefore: number | null;
  audienceJson: string;
  planJson: string;
  estimateSeconds: number;
}

export interface StopFields {
  status: Exclude<RunStatus, 'planned' | 'running'>;
  action: Action | null;
  lastError: AppErrorData | null;
  finishedAt: string | null;
  actualSeconds: number | null;
}

export interface ClaimExpectation {
  status: RunStatus;
  ownerPid: number | null;
  heartbeatAt: string | null;
}

export interface RunsRepo {
  insert(run: NewRunRecord): void;
  /** Deletes a run and (cascading) its rows, members, batches and phases: a plan that never finished. */
  delete(id: string): void;
  get(id: string): EngineRunRow | undefined;
  /** Throws RUN_NOT_FOUND. */
  require(id: string): EngineRunRow;
  setAccount(id: string, accountId: string | null, accountName: string | null): void;
  setFile(id: string, fileSize: number, fileSha256: string): void;
  setPlanned(id: string, fields: PlannedFields): void;
  setOptions(id: string, optionsJson: string): void;
  /**
   * Makes this process the run's owner and sets it running, only if the run is still exactly as the
   * caller saw it (compare-and-set): two processes racing for one run cannot both win.
   */
  claim(id: string, expected: ClaimExpectation, pid: number, now: string, startedAt: string): boolean;
  /** Refreshes the owner's heartbeat; returns the pending control request, or undefined if the run is no longer ours. */
  heartbeat(id: string, pid: number, now: string): { control: 'pause' | 'cancel' | null } | undefined;
  setControl(id: string, control: 'pause' | 'cancel' | null): void;
  /** The planning process is alive (a plan's heartbeat). */
  touch(id: string, pid: number, now: string): void;
  /** Leaves `running` (or `planned` for a plan cancelled before it started). Returns false when the status had moved on. */
  stop(id: string, fields: StopFields, fromStatuses: readonly RunStatus[]): boolean;
  markInterrupted(id: string, expected: ClaimExpectation): boolean;
  setList(id: string, listId: string, listName: string): void;
  /** The list is gone and will be created again under the same name. */
  clearList(id: string): void;
  setAction(id: string, action: Action | null): void;
  setListSizeAfter(id: string, size: number | null): void;
  /** Recomputes the counts from run_rows; returns them. */
  refreshCounts(id: string): RunCounts;
  listByStatus(statuses: readonly RunStatus[]): EngineRunRow[];
  /** Alerts: runs stopped with an action a person has not dismissed. */
  countAlerts(): number;
}

const engineColumns = sql`id, status, started_at, credential_id, account_id, list_id, list_name, file_path, file_size,
  file_sha256, mode, content, mapping_json, options_json, plan_json, action_json, list_size_before, owner_pid,
  heartbeat_at, control, actual_seconds`;

export function runNotFoundError(runId: string): AppError {
  return new AppError({
    code: 'RUN_NOT_FOUND',
    message: 'That sync is not in the history any more. Plan the sync again.',
    details: { runId },
  });
}

export function createRunsRepo(store: Store): RunsRepo {
  const parse = (row: unknown): EngineRunRow => {
    const parsed = EngineRowSchema.safeParse(row);
    if (!parsed.success) {
      throw new AppError({
        code: 'DATABASE_ERROR',
        message: `A sync in the history file ${store.path} is damaged and can't be run. Plan the sync again.`,
        details: { path: store.path },
      });
    }
    return parsed.data;
  };
  const get = (id: string) => {
    const row = store.get<unknown>(sql`SELECT ${engineColumns} FROM runs WHERE id = ${id}`);
    return row === undefined ? undefined : parse(row);
  };
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

  return {
    insert(r) {
      store.run(sql`INSERT INTO runs (id, kind, status, created_at, credential_id, credential_name, account_id, account_name,
          list_id, list_name, file_path, file_name, file_size, file_sha256, mode, content, mapping_json, options_json,
          owner_pid, heartbeat_at)
        VALUES (${r.id}, ${'sync'}, ${'planned'}, ${r.createdAt}, ${r.credentialId}, ${r.credentialName}, ${r.accountId},
          ${r.accountName}, ${r.listId}, ${r.listName}, ${r.filePath}, ${r.fileName}, ${0}, ${''}, ${r.mode}, ${r.content},
          ${r.mappingJson}, ${r.optionsJson}, ${r.ownerPid}, ${r.createdAt})`);
    },
    delete(id) {
      store.run(sql`DELETE FROM runs WHERE id = ${id}`);
    },
    get,
    require(id) {
      const run = get(id);
      if (!run) throw runNotFoundError(id);
      return run;
    },
    setAccount(id, accountId, accountName) {
      store.run(sql`UPDATE runs SET account_id = ${accountId}, account_name = ${accountName} WHERE id = ${id}`);
    },
    setFile(id, fileSize, fileSha256) {
      store.run(sql`UPDATE runs SET file_size = ${fileSize}, file_sha256 = ${fileSha256} WHERE id = ${id}`);
    },
    setPlanned(id, f) {
      store.run(sql`UPDATE runs SET file_size = ${f.fileSize}, file_sha256 = ${f.fileSha256}, list_id = ${f.listId},
          list_name = ${f.listName}, list_size_before = ${f.listSizeBefore}, audience_json = ${f.audienceJson},
          plan_json = ${f.planJson}, estimate_seconds = ${f.estimateSeconds}, owner_pid = NULL, heartbeat_at = NULL
        WHERE id = ${id}`);
    },
    setOptions(id, optionsJson) {
      store.run(sql`UPDATE runs SET options_json = ${optionsJson} WHERE id = ${id}`);
    },
    claim(id, expected, pid, now, startedAt) {
      return store.run(sql`UPDATE runs SET status = ${'running'}, owner_pid = ${pid}, heartbeat_at = ${now}, control = NULL,
          started_at = COALESCE(started_at, ${startedAt}), finished_at = NULL
        WHERE id = ${id} AND status = ${expected.status} AND owner_pid IS ${expected.ownerPid}
          AND heartbeat_at IS ${expected.heartbeatAt}`).changes === 1;
    },
    heartbeat(id, pid, now) {
      return store.transaction(() => {
        const changed = store.run(sql`UPDATE runs SET heartbeat_at = ${now}
          WHERE id = ${id} AND owner_pid = ${pid} AND status = ${'running'}`).changes;
        if (changed !== 1) return undefined;
        const row = store.get<{ control: 'pause' | 'cancel' | null }>(sql`SELECT control FROM runs WHERE id = ${id}`);
        return { control: row?.control ?? null };
      });
    },
    touch(id, pid, now) {
      store.run(sql`UPDATE runs SET heartbeat_at = ${now} WHERE id = ${id} AND owner_pid = ${pid} AND status = 'planned'`);
    },
    setControl(id, control) {
      store.run(sql`UPDATE runs SET control = ${control} WHERE id = ${id}`);
    },
    stop(id, f, fromStatuses) {
      return store.transaction(() => {
        const current = get(id);
        if (!current || !fromStatuses.includes(current.status)) return false;
        store.run(sql`UPDATE runs SET status = ${f.status}, action_json = ${json(f.action)}, last_error_json = ${json(f.lastError)},
            finished_at = ${f.finishedAt}, actual_seconds = COALESCE(${f.actualSeconds}, actual_seconds),
            owner_pid = NULL, heartbeat_at = NULL, control = NULL, alert_dismissed = 0
          WHERE id = ${id}`);
        return true;
      });
    },
    markInterrupted(id, expected) {
      return store.run(sql`UPDATE runs SET status = ${'interrupted'}, owner_pid = NULL, heartbeat_at = NULL, control = NULL
        WHERE id = ${id} AND status = ${expected.status} AND owner_pid IS ${expected.ownerPid}
          AND heartbeat_at IS ${expected.heartbeatAt}`).changes === 1;
    },
    setList(id, listId, listName) {
      store.run(sql`UPDATE runs SET list_id = ${listId}, list_name = ${listName} WHERE id = ${id}`);
    },
    clearList(id) {
      store.run(sql`UPDATE runs SET list_id = NULL WHERE id = ${id}`);
    },
    setAction(id, action) {
      store.run(sql`UPDATE runs SET action_json = ${json(action)} WHERE id = ${id}`);
    },
    setListSizeAfter(id, size) {
      store.run(sql`UPDATE runs SET list_size_after = ${size} WHERE id = ${id}`);
    },
    refreshCounts(id) {
      return store.transaction(() => {
        const rows = store.all<{ fate: string; line_rows: number; member_rows: number }>(sql`
          SELECT fate, count(line) AS line_rows, count(*) - count(line) AS member_rows
          FROM run_rows WHERE run_id = ${id} GROUP BY fate`);
        const by = (fate: string) => rows.find((r) => r.fate === fate);
        const lines = (fate: string) => by(fate)?.line_rows ?? 0;
        const total = store.get<{ n: number }>(sql`SELECT coalesce(json_extract(audience_json, '$.records'), 0) AS n FROM runs WHERE id = ${id}`)?.n ?? 0;
        const counts: RunCounts = {
          total,
          added: lines('added'),
          updated: lines('updated'),
          removed: (by('removed')?.member_rows ?? 0) + lines('removed'),
          unchanged: lines('unchanged'),
          rejected: lines('rejected'),
          duplicates: lines('duplicate'),
          failed: (by('failed')?.line_rows ?? 0) + (by('failed')?.member_rows ?? 0),
          pending: lines('pending') + (by('pending')?.member_rows ?? 0),
        };
        store.run(sql`UPDATE runs SET total = ${counts.total}, added = ${counts.added}, updated = ${counts.updated},
            removed = ${counts.removed}, unchanged = ${counts.unchanged}, rejected = ${counts.rejected},
            duplicates = ${counts.duplicates}, failed = ${counts.failed}, pending = ${counts.pending}
          WHERE id = ${id}`);
        return counts;
      });
    },
    listByStatus(statuses) {
      const out: EngineRunRow[] = [];
      for (const status of statuses) {
        for (const row of store.all<unknown>(sql`SELECT ${engineColumns} FROM runs WHERE status = ${status} ORDER BY created_at DESC`)) {
          out.push(parse(row));
        }
      }
      return out;
    },
    countAlerts() {
      return store.get<{ n: number }>(sql`SELECT count(*) AS n FROM runs
        WHERE action_json IS NOT NULL AND alert_dismissed = 0 AND status IN ('paused', 'failed')`)?.n ?? 0;
    },
  };
}
