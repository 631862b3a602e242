/**
 * The UI's history queries must stay index seeks at 10 million rows. Every statement the history
 * service runs for each UI operation is recorded and explained (EXPLAIN QUERY PLAN on the real
 * schema): no full scan of run_rows or run_members, and each operation uses the index meant for it.
 */
import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../electron/core/events';
import { createHistoryService, type HistoryService } from '../../../electron/core/history/history-service';
import { createLogger } from '../../../electron/core/log';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql, type SqlQuery } from '../../../electron/core/store/sql';
import type { Store } from '../../../electron/core/store/store';
import { insertRows, insertRun, tempDir } from './history-fixture';

function recordingHistory() {
  const store = openDatabase({ dataDir: tempDir() });
  const recorded: SqlQuery[] = [];
  const record = <T>(query: SqlQuery, run: () => T): T => {
    recorded.push(query);
    return run();
  };
  const recording: Store = {
    ...store,
    all: (query) => record(query, () => store.all(query)),
    get: (query) => record(query, () => store.get(query)),
    iterate: (query) => record(query, () => store.iterate(query)),
  };
  const history = createHistoryService({
    store: recording, events: createEventHub(), settings: () => ({ defaultRegion: 'US', rowRetentionDays: null }),
    logger: createLogger({ level: 'error' }), retentionAfterRuns: false,
  });
  // Gaps in seq, so the paths for sparse runs (walks from anchors) are exercised too.
  const runId = insertRun(store, { status: 'completed' });
  insertRows(store, runId, Array.from({ length: 3000 }, (_, i) => ({
    seq: i * 2 + 2, fate: i % 3 === 0 ? 'rejected' as const : 'added' as const, email: `p${i}@example.com`, phone: `+1206555${String(i).padStart(4, '0')}`,
  })));
  /** The plan lines of every statement `work` ran. */
  const plans = (work: (h: HistoryService) => unknown): string[] => {
    recorded.length = 0;
    work(history);
    return recorded.flatMap((query) => store.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`).map((row) => row.detail));
  };
  return { store, runId, plans, close: async () => {
    await history.close();
    store.close();
  } };
}

const FULL_SCAN = /^SCAN (run_rows|run_members|rr)\b|^SCAN (runs|r)$/;

describe('the query plans of the history', () => {
  it('never scans run_rows or run_members whole for the operations the UI offers', async () => {
    const { runId, plans, close } = recordingHistory();
    const operations: Array<[string, (h: HistoryService) => unknown]> = [
      ['runs', (h) => h.listRuns({ limit: 50, offset: 0 })],
      ['runs of a list', (h) => h.listRuns({ listId: 'L1', limit: 50, offset: 0 })],
      ['runs by status', (h) => h.listRuns({ status: 'failed', limit: 50, offset: 0 })],
      ['run detail', (h) => h.getRun(runId)],
      ['rows', (h) => h.listRunRows({ runId, offset: 0, limit: 100 })],
      ['rows deep', (h) => h.listRunRows({ runId, offset: 2900, limit: 100 })],
      ['rows by fate', (h) => h.listRunRows({ runId, fate: 'rejected', offset: 0, limit: 100 })],
      ['rows by fate deep', (h) => h.listRunRows({ runId, fate: 'added', offset: 1900, limit: 100 })],
      ['rows search', (h) => h.listRunRows({ runId, search: 'p12', offset: 0, limit: 100 })],
      ['rows search phone', (h) => h.listRunRows({ runId, search: '(206) 555-0012', offset: 0, limit: 100 })],
      ['rows search line', (h) => h.listRunRows({ runId, search: '1000', offset: 0, limit: 100 })],
      ['rows short search', (h) => h.listRunRows({ runId, search: 'p1', offset: 0, limit: 100 })],
      ['person by email', (h) => h.findPerson('p1@example.com')],
      ['person by phone', (h) => h.findPerson('(206) 555-0001')],
      ['person by external id', (h) => h.findPerson('X-1')],
      ['list sizes', (h) => h.getListSizes('L1')],
      ['alerts', (h) => h.listAlerts()],
    ];
    for (const [name, work] of operations) {
      const lines = plans(work);
      expect(lines.length, name).toBeGreaterThan(0);
      expect(lines.filter((line) => FULL_SCAN.test(line)), name).toEqual([]);
    }
    await close();
  });

  it('reaches each kind of lookup through the index meant for it', async () => {
    const { runId, plans, close } = recordingHistory();
    const uses = (work: (h: HistoryService) => unknown, index: string) => expect(plans(work).join('\n')).toContain(index);
    uses((h) => h.listRuns({ limit: 50, offset: 0 }), 'runs_by_created');
    uses((h) => h.listRuns({ listId: 'L1', limit: 50, offset: 0 }), 'runs_by_list');
    uses((h) => h.listRuns({ status: 'paused', limit: 50, offset: 0 }), 'runs_by_status');
    uses((h) => h.listRunRows({ runId, fate: 'added', offset: 1500, limit: 100 }), 'COVERING INDEX run_rows_by_fate');
    uses((h) => h.listRunRows({ runId, offset: 2000, limit: 100 }), 'PRIMARY KEY (run_id=? AND seq>?)');
    const search = plans((h) => h.listRunRows({ runId, search: '+1206555', offset: 0, limit: 100 })).join('\n');
    for (const index of ['run_rows_by_email', 'run_rows_by_external', 'run_rows_by_phone']) expect(search).toContain(index);
    uses((h) => h.findPerson('p1@example.com'), 'run_rows_by_email (email=?)');
    uses((h) => h.findPerson('p1@example.com'), 'run_rows_by_duplicate (run_id=? AND duplicate_of=?)');
    uses((h) => h.findPerson('(206) 555-0001'), 'run_rows_by_phone (phone=?)');
    uses((h) => h.findPerson('X-1'), 'run_rows_by_external (external_id=?)');
    uses((h) => h.getListSizes('L1'), 'runs_by_list (list_id=?)');
    uses((h) => h.listAlerts(), 'runs_by_status (status=?)');
    await close();
  });
});
