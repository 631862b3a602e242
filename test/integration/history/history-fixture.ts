/**
 * A real history database in a temp folder, filled the way the sync engine leaves it (seq = the
 * file line, members removed after the last line), and a HistoryService over it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/api';
import type { RowFate, RunStatus } from '../../../shared/sync';
import { createEventHub, type EventHub } from '../../../electron/core/events';
import { createHistoryService, type HistoryService, type HistorySettings } from '../../../electron/core/history/history-service';
import { createLogger, type Logger } from '../../../electron/core/log';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import type { Store } from '../../../electron/core/store/store';

export function tempDir(prefix = 'audience-sync-history-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface RunFields {
  id: string;
  kind: 'sync' | 'export';
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  credentialId: string | null;
  credentialName: string | null;
  accountId: string | null;
  accountName: string | null;
  listId: string | null;
  listName: string | null;
  fileName: string;
  mode: 'add' | 'mirror' | null;
  mappingJson: string;
  audienceJson: string | null;
  planJson: string | null;
  counts: Partial<Record<'total' | 'added' | 'updated' | 'removed' | 'unchanged' | 'rejected' | 'duplicates' | 'failed' | 'pending', number>>;
  listSizeBefore: number | null;
  listSizeAfter: number | null;
  actionJson: string | null;
  lastErrorJson: string | null;
  alertDismissed: boolean;
  rowsPurged: boolean;
}

export interface RowFields {
  seq: number;
  line: number | null;
  fate: RowFate;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  profileId: string | null;
  reason: string | null;
  duplicateOf: number | null;
  planned: string | null;
}

let counter = 0;

export function insertRun(store: Store, fields: Partial<RunFields> = {}): string {
  counter += 1;
  const createdAt = fields.createdAt ?? new Date(Date.UTC(2025, 0, 1) + counter * 60_000).toISOString();
  const r: RunFields = {
    id: `run-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    kind: 'sync', status: 'completed', createdAt, startedAt: createdAt, finishedAt: createdAt,
    credentialId: 'cred-1', credentialName: 'Main store', accountId: 'ACC1', accountName: 'Acme',
    listId: 'L1', listName: 'Newsletter', fileName: 'customers.csv', mode: 'add',
    mappingJson: JSON.stringify({ defaultRegion: 'US', columns: [{ index: 0, header: 'Email', target: { kind: 'email' } }] }),
    audienceJson: null, planJson: null, counts: {}, listSizeBefore: null, listSizeAfter: null,
    actionJson: null, lastErrorJson: null, alertDismissed: false, rowsPurged: false,
    ...fields,
  };
  const c = (name: keyof RunFields['counts']) => r.counts[name] ?? 0;
  store.run(sql`INSERT INTO runs (id, kind, status, created_at, started_at, finished_at, credential_id, credential_name,
      account_id, account_name, list_id, list_name, file_path, file_name, file_size, file_sha256, mode, content, mapping_json,
      audience_json, plan_json, total, added, updated, removed, unchanged, rejected, duplicates, failed, pending,
      list_size_before, list_size_after, action_json, last_error_json, alert_dismissed, rows_purged)
    VALUES (${r.id}, ${r.kind}, ${r.status}, ${r.createdAt}, ${r.startedAt}, ${r.finishedAt}, ${r.credentialId}, ${r.credentialName},
      ${r.accountId}, ${r.accountName}, ${r.listId}, ${r.listName}, ${`/data/${r.fileName}`}, ${r.fileName}, ${1234}, ${'ab'.repeat(32)},
      ${r.mode}, ${r.mode === null ? null : 'identifiers'}, ${r.mappingJson}, ${r.audienceJson}, ${r.planJson},
      ${c('total')}, ${c('added')}, ${c('updated')}, ${c('removed')}, ${c('unchanged')}, ${c('rejected')}, ${c('duplicates')},
      ${c('failed')}, ${c('pending')}, ${r.listSizeBefore}, ${r.listSizeAfter}, ${r.actionJson}, ${r.lastErrorJson},
      ${r.alertDismissed ? 1 : 0}, ${r.rowsPurged ? 1 : 0})`);
  return r.id;
}

export function insertRows(store: Store, runId: string, rows: ReadonlyArray<Partial<RowFields> & { seq: number }>): void {
  const insert = store.prepare`INSERT INTO run_rows (run_id, seq, line, fate, email, phone, external_id, profile_id, reason, duplicate_of, planned)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  store.transaction(() => {
    for (const row of rows) {
      insert.run(runId, row.seq, row.line === undefined ? row.seq : row.line, row.fate ?? 'added', row.email ?? null,
        row.phone ?? null, row.externalId ?? null, row.profileId ?? null, row.reason ?? null, row.duplicateOf ?? null, row.planned ?? null);
    }
  });
}

export function insertMembers(store: Store, runId: string, count: number): void {
  const insert = store.prepare`INSERT INTO run_members (run_id, profile_id, email) VALUES (?, ?, ?)`;
  store.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(runId, `P${String(i).padStart(8, '0')}`, `m${i}@example.com`);
  });
}

export interface HistoryHarness {
  store: Store;
  events: EventHub;
  history: HistoryService;
  settings: HistorySettings;
  logLines: string[];
  logger: Logger;
  /** Payloads of an event, in order, since the harness was made. */
  emitted<E extends EventName>(event: E): Array<EventPayload<E>>;
  /** A fresh service over the same database (empty caches), as after a restart. */
  reopen(): HistoryService;
}

export function historyHarness(options: {
  settings?: Partial<HistorySettings>; retentionAfterRuns?: boolean; now?: () => Date; retentionThread?: 'worker' | 'inline';
} = {}): HistoryHarness {
  const dataDir = tempDir();
  const store = openDatabase({ dataDir });
  const events = createEventHub();
  const settings: HistorySettings = { defaultRegion: 'US', rowRetentionDays: null, ...options.settings };
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const seen = new Map<EventName, unknown[]>();
  for (const name of ['alertsChanged', 'runStatus'] as const) {
    events.on(name, (payload) => {
      const list = seen.get(name) ?? [];
      list.push(payload);
      seen.set(name, list);
    });
  }
  const services: HistoryService[] = [];
  const make = () => {
    const service = createHistoryService({
      store, events, settings: () => settings, logger, retentionThread: options.retentionThread ?? 'inline',
      ...(options.retentionAfterRuns !== undefined ? { retentionAfterRuns: options.retentionAfterRuns } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    services.push(service);
    return service;
  };
  const history = make();
  onTestFinished(async () => {
    for (const service of services) await service.close();
    store.close();
  });
  return {
    store, events, history, settings, logLines, logger,
    emitted: <E extends EventName>(event: E) => (seen.get(event) ?? []) as Array<EventPayload<E>>,
    reopen: make,
  };
}
