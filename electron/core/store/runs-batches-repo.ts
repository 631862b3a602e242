/**
 * Every request that changes Klaviyo, recorded before it is sent (`sending`) and after Klaviyo took it
 * (`sent`, with the bulk job's id) or confirmed it (`confirmed`). After a crash these say what is safe:
 * confirmed → skip, sent → poll the job, sending → send again (see sync/import-phase.ts).
 */
import { sql } from './sql';
import type { Store } from './store';

export type BatchKind = 'create_list' | 'import' | 'remove';
export type BatchStatus = 'planned' | 'sending' | 'sent' | 'confirmed' | 'failed';

export interface BatchRecord {
  id: number;
  kind: BatchKind;
  status: BatchStatus;
  job_id: string | null;
  size: number;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  confirmed_at: string | null;
}

export interface JobTiming {
  size: number;
  seconds: number;
  timeScale: number;
}

export interface RunBatchesRepo {
  nextId(runId: string): number;
  /** A new batch, recorded as being sent now. */
  insertSending(runId: string, id: number, kind: BatchKind, size: number, now: string): void;
  /** The same batch is about to be sent again (after a crash or a refused attempt). */
  resend(runId: string, id: number, size: number): void;
  markSent(runId: string, id: number, jobId: string, sentAt: string): void;
  markConfirmed(runId: string, id: number, confirmedAt: string): void;
  markFailed(runId: string, id: number, errorJson: string): void;
  setSize(runId: string, id: number, size: number): void;
  byStatus(runId: string, kind: BatchKind, status: BatchStatus): BatchRecord[];
  latest(runId: string, kind: BatchKind): BatchRecord | undefined;
  /** Recent finished import jobs of this account: how long Klaviyo took for how many profiles. */
  recentJobTimings(accountId: string, limit: number): JobTiming[];
}

const columns = sql`id, kind, status, job_id, size, attempts, created_at, sent_at, confirmed_at`;

export function createRunBatchesRepo(store: Store): RunBatchesRepo {
  return {
    nextId: (runId) => (store.get<{ n: number | null }>(sql`SELECT max(id) AS n FROM batches WHERE run_id = ${runId}`)?.n ?? 0) + 1,
    insertSending(runId, id, kind, size, now) {
      store.run(sql`INSERT INTO batches (run_id, id, kind, status, size, attempts, created_at)
        VALUES (${runId}, ${id}, ${kind}, ${'sending'}, ${size}, ${1}, ${now})`);
    },
    resend(runId, id, size) {
      store.run(sql`UPDATE batches SET status = 'sending', job_id = NULL, size = ${size}, attempts = attempts + 1, error_json = NULL
        WHERE run_id = ${runId} AND id = ${id}`);
    },
    markSent(runId, id, jobId, sentAt) {
      store.run(sql`UPDATE batches SET status = 'sent', job_id = ${jobId}, sent_at = ${sentAt} WHERE run_id = ${runId} AND id = ${id}`);
    },
    markConfirmed(runId, id, confirmedAt) {
      store.run(sql`UPDATE batches SET status = 'confirmed', confirmed_at = ${confirmedAt},
          sent_at = coalesce(sent_at, ${confirmedAt})
        WHERE run_id = ${runId} AND id = ${id}`);
    },
    markFailed(runId, id, errorJson) {
      store.run(sql`UPDATE batches SET status = 'failed', error_json = ${errorJson} WHERE run_id = ${runId} AND id = ${id}`);
    },
    setSize(runId, id, size) {
      store.run(sql`UPDATE batches SET size = ${size} WHERE run_id = ${runId} AND id = ${id}`);
    },
    byStatus: (runId, kind, status) => store.all<BatchRecord>(sql`SELECT ${columns} FROM batches
      WHERE run_id = ${runId} AND kind = ${kind} AND status = ${status} ORDER BY id`),
    latest: (runId, kind) => store.get<BatchRecord>(sql`SELECT ${columns} FROM batches
      WHERE run_id = ${runId} AND kind = ${kind} ORDER BY id DESC LIMIT 1`),
    recentJobTimings(accountId, limit) {
      const rows = store.all<{ size: number; seconds: number; options_json: string | null }>(sql`
        SELECT b.size, (julianday(b.confirmed_at) - julianday(b.sent_at)) * 86400.0 AS seconds, r.options_json
        FROM batches AS b JOIN runs AS r ON r.id = b.run_id
        WHERE r.account_id = ${accountId} AND b.kind = 'import' AND b.status = 'confirmed'
          AND b.sent_at IS NOT NULL AND b.confirmed_at IS NOT NULL AND b.size >= 1000
        ORDER BY b.confirmed_at DESC LIMIT ${limit}`);
      return rows.map((r) => {
        let timeScale = 1;
        try {
          const parsed = JSON.parse(r.options_json ?? '{}') as { timeScale?: unknown };
          if (typeof parsed.timeScale === 'number' && parsed.timeScale > 0) timeScale = parsed.timeScale;
        } catch {
          // An unreadable options column only loses the scale: the timing is still a timing.
        }
        return { size: r.size, seconds: r.seconds, timeScale };
      });
    },
  };
}
