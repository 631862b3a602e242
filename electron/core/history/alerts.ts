/**
 * Alerts: runs that stopped on something a person can fix (paused or failed, with an action) and that
 * nobody has dismissed. The sync engine announces `alertsChanged` when its runs stop or resume; this
 * watcher announces dismissals, and changes found by `refresh()` (runs another process — the command
 * line — stopped), compared by the alerts' ids so a refresh that finds nothing new stays quiet.
 */
import type { Alert } from '../../../shared/api';
import type { EventHub } from '../events';
import type { Logger } from '../log';
import { sql } from '../store/sql';
import type { SqlRunner } from '../store/store';
import { parseRunRecord, runNotFound, runSummaryColumns, toRunSummary } from './run-record';

type Db = SqlRunner & { path: string };

const alertWhere = sql`r.status IN ('paused', 'failed') AND r.action_json IS NOT NULL AND r.alert_dismissed = 0`;

export function listAlerts(db: Db, logger: Logger): Alert[] {
  return db.all<unknown>(sql`SELECT ${runSummaryColumns} FROM runs r WHERE ${alertWhere} ORDER BY r.created_at DESC, r.id DESC`)
    .map((raw) => {
      const run = toRunSummary(parseRunRecord(raw, db.path), logger);
      return { runId: run.id, createdAt: run.createdAt, listName: run.list?.name ?? null, run };
    });
}

/** The ids of the current alerts, as one comparable string. */
function alertSignature(db: Db): string {
  return db.all<{ id: string }>(sql`SELECT r.id FROM runs r WHERE ${alertWhere} ORDER BY r.id`).map((r) => r.id).join('\n');
}

export interface AlertsWatcher {
  dismiss(runId: string): void;
  /** Re-reads the alerts and emits `alertsChanged` if they changed (e.g. after another process ran a sync). */
  refresh(): void;
  stop(): void;
}

export function createAlertsWatcher(db: Db, events: EventHub): AlertsWatcher {
  let signature = alertSignature(db);
  const refresh = () => {
    const next = alertSignature(db);
    if (next === signature) return;
    signature = next;
    events.emit('alertsChanged', { count: next === '' ? 0 : next.split('\n').length });
  };
  // The engine's own announcements keep the baseline current, so a later refresh does not repeat them.
  const unsubscribe = events.on('alertsChanged', () => {
    signature = alertSignature(db);
  });
  return {
    dismiss(runId) {
      const changed = db.run(sql`UPDATE runs SET alert_dismissed = 1 WHERE id = ${runId}`).changes;
      if (changed === 0) throw runNotFound(runId);
      refresh();
    },
    refresh,
    stop: unsubscribe,
  };
}
