import { describe, expect, it } from 'vitest';
import { historyHarness, insertRows, insertRun } from './history-fixture';

const at = (day: number) => new Date(Date.UTC(2025, 4, day, 12)).toISOString();

describe('what happened to a person', () => {
  function people(settings: { defaultRegion?: string } = {}) {
    const harness = historyHarness({ settings });
    const { store } = harness;
    const first = insertRun(store, { createdAt: at(1), startedAt: at(1), listName: 'Newsletter' });
    const second = insertRun(store, { createdAt: at(2), startedAt: at(2), listName: 'VIP', listId: 'L2' });
    const third = insertRun(store, { createdAt: at(3), startedAt: at(3), listName: 'Newsletter' });
    insertRows(store, first, [
      { seq: 2, fate: 'added', email: 'jane@example.com', phone: '+12065550100', externalId: '2125550199' },
      { seq: 3, fate: 'added', email: 'bob@example.com', phone: '+447400123456' },
    ]);
    insertRows(store, second, [
      { seq: 2, fate: 'rejected', email: null, phone: null, reason: 'invalid_email: "jane@" is not an email address' },
      { seq: 4, fate: 'duplicate', email: 'jane@example.com', duplicateOf: 3 },
    ]);
    insertRows(store, third, [{ seq: 9, line: null, fate: 'removed', email: 'jane@example.com', profileId: 'P1' }]);
    // A plan never started changed nothing for anyone: not an event.
    const planned = insertRun(store, { status: 'planned', createdAt: at(4), startedAt: null, finishedAt: null });
    insertRows(store, planned, [{ seq: 2, fate: 'pending', email: 'jane@example.com' }]);
    return { ...harness, first, second, third };
  }

  it('finds every row with the email across runs, newest first, with the list and the fate', () => {
    const { history, first, second, third } = people();
    const result = history.findPerson('  Jane@Example.COM ');
    expect(result.matchedAs).toBe('email');
    expect(result.query).toBe('Jane@Example.COM');
    expect(result.events).toEqual([
      { runId: third, at: at(3), listName: 'Newsletter', fate: 'removed', line: null, reason: null, email: 'jane@example.com', phone: null, externalId: null },
      { runId: second, at: at(2), listName: 'VIP', fate: 'duplicate', line: 4, reason: null, email: 'jane@example.com', phone: null, externalId: null },
      { runId: first, at: at(1), listName: 'Newsletter', fate: 'added', line: 2, reason: null, email: 'jane@example.com', phone: '+12065550100', externalId: '2125550199' },
    ]);
  });

  it('reads a phone number in the default region setting, or with its country code', () => {
    const { history, first } = people({ defaultRegion: 'GB' });
    expect(history.findPerson('07400 123456')).toMatchObject({ matchedAs: 'phone', events: [{ runId: first, line: 3 }] });
    expect(history.findPerson('+1 (206) 555-0100')).toMatchObject({ matchedAs: 'phone', events: [{ runId: first, line: 2 }] });
  });

  it('falls back to the external id when an all-digit query is a valid phone number nobody has', () => {
    const { history, first } = people();
    expect(history.findPerson('(206) 555-0199')).toMatchObject({ matchedAs: 'phone', events: [] });
    expect(history.findPerson('2125550199')).toMatchObject({ matchedAs: 'externalId', events: [{ runId: first, line: 2 }] });
  });

  it('says it read an external id and found nothing for an unknown one', () => {
    const { history } = people();
    expect(history.findPerson('CUST-404')).toEqual({ query: 'CUST-404', matchedAs: 'externalId', events: [] });
  });
});

describe("a list's size over time", () => {
  it("plots each finished sync oldest first: Klaviyo's count, else before + added − removed", () => {
    const { store, history } = historyHarness();
    const a = insertRun(store, { listId: 'L1', createdAt: at(1), finishedAt: at(1), listSizeBefore: 100, listSizeAfter: 130, counts: { added: 30 } });
    const b = insertRun(store, { listId: 'L1', status: 'cancelled', createdAt: at(2), finishedAt: at(2), listSizeBefore: 130, counts: { added: 5, removed: 20 } });
    insertRun(store, { listId: 'L1', status: 'paused', createdAt: at(3), finishedAt: null, listSizeBefore: 115, counts: { added: 7 } });
    insertRun(store, { listId: 'L2', createdAt: at(4), listSizeAfter: 9 });
    insertRun(store, { listId: 'L1', createdAt: at(5), listSizeBefore: null, listSizeAfter: null, counts: { added: 1 } });
    const c = insertRun(store, { listId: 'L1', listName: 'Newsletter (renamed)', createdAt: at(6), finishedAt: at(6), listSizeBefore: 115, listSizeAfter: 90, counts: { removed: 25 } });
    expect(history.getListSizes('L1')).toEqual({
      listId: 'L1',
      listName: 'Newsletter (renamed)',
      points: [
        { at: at(1), runId: a, size: 130, added: 30, removed: 0 },
        { at: at(2), runId: b, size: 115, added: 5, removed: 20 },
        { at: at(6), runId: c, size: 90, added: 0, removed: 25 },
      ],
    });
  });

  it('has no points for a list never synced', () => {
    const { history } = historyHarness();
    expect(history.getListSizes('L404')).toEqual({ listId: 'L404', listName: '', points: [] });
  });
});
