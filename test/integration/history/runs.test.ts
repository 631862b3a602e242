import { describe, expect, it } from 'vitest';
import { RunsQuerySchema, type RunsQuery } from '../../../shared/history';
import { sql } from '../../../electron/core/store/sql';
import { historyHarness, insertRun } from './history-fixture';

const query = (input: RunsQuery = {}) => RunsQuerySchema.parse(input);
const at = (day: number) => new Date(Date.UTC(2025, 4, day, 12)).toISOString();

describe('the runs list', () => {
  it('lists runs newest first, paged, with the total of the whole filter', () => {
    const { store, history } = historyHarness();
    const ids = Array.from({ length: 7 }, (_, i) => insertRun(store, { createdAt: at(i + 1) }));
    const first = history.listRuns(query({ limit: 3, offset: 0 }));
    expect(first.total).toBe(7);
    expect(first.runs.map((r) => r.id)).toEqual([ids[6], ids[5], ids[4]]);
    const last = history.listRuns(query({ limit: 3, offset: 6 }));
    expect(last.runs.map((r) => r.id)).toEqual([ids[0]]);
    expect(last.total).toBe(7);
  });

  it('filters by list, status, kind and a date range (inclusive, whatever the precision of the bounds)', () => {
    const { store, history } = historyHarness();
    const a = insertRun(store, { listId: 'L1', status: 'completed', createdAt: at(1) });
    const b = insertRun(store, { listId: 'L2', status: 'failed', createdAt: at(2) });
    const c = insertRun(store, { listId: 'L1', status: 'paused', createdAt: at(3) });
    const d = insertRun(store, { kind: 'export', listId: null, listName: null, mode: null, createdAt: at(4) });
    const ids = (input: RunsQuery) => history.listRuns(query(input)).runs.map((r) => r.id);
    expect(ids({ listId: 'L1' })).toEqual([c, a]);
    expect(ids({ status: 'failed' })).toEqual([b]);
    expect(ids({ kind: 'export' })).toEqual([d]);
    expect(ids({ kind: 'sync', since: at(2), until: at(3) })).toEqual([c, b]);
    // Second precision without milliseconds still compares correctly with stored millisecond timestamps.
    expect(ids({ since: '2025-05-02T12:00:00Z', until: '2025-05-03T12:00:00Z' })).toEqual([c, b]);
    expect(history.listRuns(query({ listId: 'L1', status: 'paused' })).total).toBe(1);
  });

  it('searches the list, file and credential names, taking % and _ literally', () => {
    const { store, history } = historyHarness();
    const vip = insertRun(store, { listName: 'VIP customers' });
    const file = insertRun(store, { fileName: 'spring_vip.csv', listName: 'Spring' });
    const cred = insertRun(store, { credentialName: 'EU store', listName: 'Other' });
    const percent = insertRun(store, { listName: '100% club' });
    const ids = (search: string) => history.listRuns(query({ search })).runs.map((r) => r.id).sort();
    expect(ids('vip')).toEqual([vip, file].sort());
    expect(ids('eu STORE')).toEqual([cred]);
    expect(ids('%')).toEqual([percent]);
    expect(ids('g_v')).toEqual([file]);
    expect(ids('_')).toEqual([file]);
  });

  it('turns a run into the contract summary, keeping a removed credential by name', () => {
    const { store, history } = historyHarness();
    const action = { kind: 'replace_key', title: 'Replace the key', message: 'Klaviyo refused the key.', steps: ['Replace it.', 'Resume.'] };
    const id = insertRun(store, {
      status: 'paused', credentialId: null, credentialName: 'Old key', finishedAt: null,
      counts: { total: 10, added: 4, updated: 1, rejected: 2, duplicates: 1, pending: 2 },
      actionJson: JSON.stringify(action), lastErrorJson: JSON.stringify({ code: 'INVALID_CREDENTIALS', message: 'Klaviyo refused the key.' }),
    });
    const [run] = history.listRuns(query()).runs;
    expect(run).toMatchObject({
      id, kind: 'sync', status: 'paused', finishedAt: null,
      credential: { id: null, name: 'Old key' }, account: { id: 'ACC1', name: 'Acme' }, list: { id: 'L1', name: 'Newsletter' },
      file: { name: 'customers.csv', sizeBytes: 1234 }, mode: 'add', content: 'identifiers',
      counts: { total: 10, added: 4, updated: 1, removed: 0, unchanged: 0, rejected: 2, duplicates: 1, failed: 0, pending: 2 },
      action, lastError: { code: 'INVALID_CREDENTIALS' },
    });
  });

  it('shows a run whose stored action is damaged without it, and says so in the log', () => {
    const { store, history, logLines } = historyHarness();
    insertRun(store, { status: 'failed', actionJson: '{"kind":"unknown"}', lastErrorJson: 'not json' });
    const [run] = history.listRuns(query()).runs;
    expect(run?.action).toBeNull();
    expect(run?.lastError).toBeNull();
    expect(logLines.filter((l) => l.includes('"column":"action_json"'))).toHaveLength(1);
    expect(logLines.filter((l) => l.includes('"column":"last_error_json"'))).toHaveLength(1);
  });

  it('refuses a run row that is not one with a DATABASE_ERROR naming the file', () => {
    const { store, history } = historyHarness();
    insertRun(store);
    store.run(sql`UPDATE runs SET status = ${'exploded'}`);
    expect(() => history.listRuns(query())).toThrow(expect.objectContaining({ code: 'DATABASE_ERROR', message: expect.stringContaining(store.path) }));
  });
});

describe('a run in detail', () => {
  it('has the mapping, the audience counts, the estimate from the plan, and phase timings in run order', () => {
    const { store, history } = historyHarness();
    const estimate = { seconds: 90, phases: [{ phase: 'import', requests: 3, seconds: 60, basis: '3 jobs' }, { phase: 'remove', requests: 2, seconds: 30, basis: '2 deletes' }] };
    const audience = { records: 10, accepted: 7, rejected: 2, duplicates: 1, blank: 0, rejectedBy: { invalid_email: 2 } };
    const id = insertRun(store, { planJson: JSON.stringify({ runId: 'x', estimate, counts: {} }), audienceJson: JSON.stringify(audience) });
    for (const [phase, requests] of [['remove', 2], ['prepare', 0], ['import', 3]] as const) {
      store.run(sql`INSERT INTO run_phases (run_id, phase, started_at, finished_at, requests, estimate_seconds)
        VALUES (${id}, ${phase}, ${'2025-01-01T00:00:00.000Z'}, ${'2025-01-01T00:01:00.000Z'}, ${requests}, ${requests * 10})`);
    }
    const detail = history.getRun(id);
    expect(detail.mapping).toEqual({ defaultRegion: 'US', columns: [{ index: 0, header: 'Email', target: { kind: 'email' } }] });
    expect(detail.audience).toEqual(audience);
    expect(detail.estimate).toEqual(estimate);
    expect(detail.phases.map((p) => [p.phase, p.requests, p.estimateSeconds])).toEqual([['prepare', 0, 0], ['import', 3, 30], ['remove', 2, 20]]);
    expect(detail.rowsPurged).toBe(false);
  });

  it('says when retention dropped the row detail', () => {
    const { store, history } = historyHarness();
    const id = insertRun(store, { rowsPurged: true, counts: { total: 5, added: 5 } });
    const detail = history.getRun(id);
    expect(detail.rowsPurged).toBe(true);
    expect(detail.counts.added).toBe(5);
  });

  it('answers RUN_NOT_FOUND for a run that is not in the history', () => {
    const { history } = historyHarness();
    expect(() => history.getRun('nope')).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
  });
});
