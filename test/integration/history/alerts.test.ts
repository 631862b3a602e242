import { describe, expect, it } from 'vitest';
import { createHistoryHandlers } from '../../../electron/core/history/history-handlers';
import { sql } from '../../../electron/core/store/sql';
import { historyHarness, insertRun } from './history-fixture';

const action = JSON.stringify({ kind: 'replace_key', title: 'Replace the key', message: 'Klaviyo refused the key.', steps: ['Replace it.', 'Resume.'] });

describe('alerts', () => {
  it('lists paused and failed runs that carry an action and were not dismissed, newest first', () => {
    const { store, history } = historyHarness();
    const paused = insertRun(store, { status: 'paused', actionJson: action, listName: 'VIP', createdAt: '2025-05-02T00:00:00.000Z' });
    const failed = insertRun(store, { status: 'failed', actionJson: action, listName: null, listId: null, createdAt: '2025-05-03T00:00:00.000Z' });
    insertRun(store, { status: 'paused', actionJson: null });
    insertRun(store, { status: 'completed', actionJson: action });
    insertRun(store, { status: 'failed', actionJson: action, alertDismissed: true });
    const alerts = history.listAlerts();
    expect(alerts.map((a) => [a.runId, a.listName])).toEqual([[failed, null], [paused, 'VIP']]);
    expect(alerts[1]).toMatchObject({ createdAt: '2025-05-02T00:00:00.000Z', run: { id: paused, status: 'paused', action: { kind: 'replace_key' } } });
  });

  it('dismisses an alert and announces the new count', () => {
    const { store, history, emitted } = historyHarness();
    const a = insertRun(store, { status: 'paused', actionJson: action });
    insertRun(store, { status: 'failed', actionJson: action });
    history.dismissAlert(a);
    expect(history.listAlerts()).toHaveLength(1);
    expect(emitted('alertsChanged')).toEqual([{ count: 1 }]);
    // Dismissing again changes nothing and stays quiet.
    history.dismissAlert(a);
    expect(emitted('alertsChanged')).toHaveLength(1);
    expect(() => history.dismissAlert('nope')).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
  });

  it('does not repeat what the sync engine already announced', () => {
    const { store, events, history, emitted } = historyHarness();
    const id = insertRun(store, { status: 'running' });
    store.run(sql`UPDATE runs SET status = 'paused', action_json = ${action} WHERE id = ${id}`);
    events.emit('alertsChanged', { count: 1 });
    history.refreshAlerts();
    expect(emitted('alertsChanged')).toEqual([{ count: 1 }]);
    store.run(sql`UPDATE runs SET status = 'completed', action_json = NULL WHERE id = ${id}`);
    history.refreshAlerts();
    history.refreshAlerts();
    expect(emitted('alertsChanged')).toEqual([{ count: 1 }, { count: 0 }]);
  });

  it('notices alerts another process created when asked to refresh', () => {
    const { store, history, emitted } = historyHarness();
    insertRun(store, { status: 'failed', actionJson: action });
    expect(emitted('alertsChanged')).toEqual([]);
    history.refreshAlerts();
    expect(emitted('alertsChanged')).toEqual([{ count: 1 }]);
  });

  it('serves the AppApi channels through the handlers', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store, { status: 'paused', actionJson: action });
    const handlers = createHistoryHandlers(history);
    expect((await handlers.listAlerts(undefined)).map((a) => a.runId)).toEqual([id]);
    await handlers.dismissAlert({ runId: id });
    expect(await handlers.listAlerts(undefined)).toEqual([]);
    expect((await handlers.getRun({ runId: id })).id).toBe(id);
    expect((await handlers.listRuns({ limit: 50, offset: 0 })).total).toBe(1);
    expect(await handlers.listRunRows({ runId: id, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    expect((await handlers.findPerson({ query: 'x@example.com' })).matchedAs).toBe('email');
    expect((await handlers.getListSizes({ listId: 'L1' })).listId).toBe('L1');
  });
});
