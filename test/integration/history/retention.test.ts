import { describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../shared/sync';
import { purgeExpiredRowDetail, sweepNeeded } from '../../../electron/core/history/retention';
import { sql } from '../../../electron/core/store/sql';
import type { Store } from '../../../electron/core/store/store';
import { historyHarness, insertMembers, insertRows, insertRun } from './history-fixture';

const NOW = new Date('2025-06-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 2, fate: 'added' as const, email: `p${i}@example.com` }));
const count = (store: Store, table: 'run_rows' | 'run_members', runId: string) =>
  store.get<{ n: number }>(table === 'run_rows'
    ? sql`SELECT count(*) AS n FROM run_rows WHERE run_id = ${runId}`
    : sql`SELECT count(*) AS n FROM run_members WHERE run_id = ${runId}`)?.n;
const purgedFlag = (store: Store, runId: string) => store.get<{ p: number }>(sql`SELECT rows_purged AS p FROM runs WHERE id = ${runId}`)?.p;

function history30Days(retentionThread: 'worker' | 'inline' = 'inline') {
  const harness = historyHarness({ settings: { rowRetentionDays: 30 }, now: () => NOW, retentionAfterRuns: true, retentionThread });
  const { store } = harness;
  const old = insertRun(store, { status: 'completed', createdAt: daysAgo(45), finishedAt: daysAgo(44), counts: { total: 2500, added: 2500 } });
  const oldCancelled = insertRun(store, { status: 'cancelled', createdAt: daysAgo(40), finishedAt: daysAgo(40) });
  const oldPaused = insertRun(store, { status: 'paused', createdAt: daysAgo(60), finishedAt: null });
  const recent = insertRun(store, { status: 'completed', createdAt: daysAgo(31), finishedAt: daysAgo(29) });
  for (const id of [old, oldCancelled, oldPaused, recent]) {
    insertRows(store, id, rows(id === old ? 2500 : 10));
    insertMembers(store, id, id === old ? 1200 : 3);
  }
  return { ...harness, old, oldCancelled, oldPaused, recent };
}

describe('retention of row detail', () => {
  it('clears the rows and members of finished runs older than the setting, keeping the runs and their counts', async () => {
    const { store, history, old, oldCancelled, oldPaused, recent } = history30Days();
    const result = await history.applyRetention();
    expect(result).toMatchObject({ runs: 2, rows: 2510, members: 1203 });
    for (const id of [old, oldCancelled]) {
      expect([count(store, 'run_rows', id), count(store, 'run_members', id), purgedFlag(store, id)]).toEqual([0, 0, 1]);
    }
    for (const id of [oldPaused, recent]) {
      expect([count(store, 'run_rows', id), count(store, 'run_members', id), purgedFlag(store, id)]).toEqual([10, 3, 0]);
    }
    const detail = history.getRun(old);
    expect(detail.rowsPurged).toBe(true);
    expect(detail.counts.added).toBe(2500);
    expect(history.listRunRows({ runId: old, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
  });

  it('keeps everything when the setting is "forever"', async () => {
    const { store, history, settings, old } = history30Days();
    settings.rowRetentionDays = null;
    expect(await history.applyRetention()).toMatchObject({ runs: 0, rows: 0, members: 0 });
    expect(count(store, 'run_rows', old)).toBe(2500);
  });

  it('works in many small transactions and finishes a sweep that was stopped half way', async () => {
    const { store, old } = history30Days();
    const stop = new AbortController();
    let transactions = 0;
    const counting: Store = { ...store, transaction: (work) => {
      transactions += 1;
      if (transactions === 4) stop.abort();
      return store.transaction(work);
    } };
    await expect(purgeExpiredRowDetail(counting, { retentionDays: 30, now: NOW, chunkRows: 200, targetChunkMs: 1_000, signal: stop.signal }))
      .rejects.toMatchObject({ code: 'CANCELLED' });
    // Marked at once (the UI stops offering the detail), emptied only in part.
    expect(purgedFlag(store, old)).toBe(1);
    const left = count(store, 'run_rows', old) ?? 0;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(2500);
    // The next sweep (even with retention switched off since) finishes the marked runs.
    const second = await purgeExpiredRowDetail(store, { retentionDays: null, chunkRows: 200 });
    expect(second.runs).toBe(0);
    expect(second.rows).toBe(left + 10);
    expect(count(store, 'run_rows', old)).toBe(0);
    expect(count(store, 'run_members', old)).toBe(0);
  });

  it('sweeps by itself when a run finishes', async () => {
    const { store, events, history, old } = history30Days();
    events.emit('runStatus', { id: 'x', status: 'running' } as RunSummary);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count(store, 'run_rows', old)).toBe(2500);
    events.emit('runStatus', { id: 'x', status: 'completed' } as RunSummary);
    await vi.waitFor(() => expect(count(store, 'run_rows', old)).toBe(0));
    await history.close();
  });

  it('runs in a worker thread on its own connection by default, with the same result', async () => {
    const { store, history, old, oldCancelled, recent } = history30Days('worker');
    expect(await history.applyRetention()).toMatchObject({ runs: 2, rows: 2510, members: 1203 });
    expect([count(store, 'run_rows', old), count(store, 'run_rows', oldCancelled), count(store, 'run_rows', recent)]).toEqual([0, 0, 10]);
    expect(history.getRun(old).rowsPurged).toBe(true);
  });

  it('stops a sweep in a worker when the service closes, and a later sweep finishes it', async () => {
    const { store, history, reopen, old } = history30Days('worker');
    const sweep = history.applyRetention();
    await history.close();
    await expect(sweep).rejects.toMatchObject({ code: 'CANCELLED' });
    await reopen().applyRetention();
    expect(count(store, 'run_rows', old)).toBe(0);
    expect(purgedFlag(store, old)).toBe(1);
  });
});

describe('deciding whether to sweep', () => {
  it('needs a sweep only for expired finished runs or marked runs that still hold rows', () => {
    const { store, old, oldCancelled } = history30Days();
    expect(sweepNeeded(store, null, NOW)).toBe(false);
    expect(sweepNeeded(store, 30, NOW)).toBe(true);
    expect(sweepNeeded(store, 90, NOW)).toBe(false);
    store.run(sql`UPDATE runs SET rows_purged = 1 WHERE id = ${old}`);
    expect(sweepNeeded(store, null, NOW)).toBe(true);
    store.run(sql`DELETE FROM run_rows WHERE run_id IN (${old}, ${oldCancelled})`);
    store.run(sql`DELETE FROM run_members WHERE run_id IN (${old}, ${oldCancelled})`);
    store.run(sql`UPDATE runs SET rows_purged = 1 WHERE id = ${oldCancelled}`);
    expect(sweepNeeded(store, null, NOW)).toBe(false);
    expect(sweepNeeded(store, 30, NOW)).toBe(false);
  });
});
