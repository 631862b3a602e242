import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowsQuerySchema, type RowsQuery } from '../../../shared/history';
import type { RowFate } from '../../../shared/sync';
import { sql } from '../../../electron/core/store/sql';
import { historyHarness, insertRows, insertRun, type RowFields } from './history-fixture';

const query = (input: RowsQuery) => RowsQuerySchema.parse(input);
const FATES: RowFate[] = ['added', 'unchanged', 'rejected', 'duplicate', 'failed'];

/** A run as the engine stages it: seq = line (from 2), gaps where the file has blank or multi-line records, then removals. */
function stagedRows(count: number, gapEvery: number | null, removed: number, fateOf: (i: number) => RowFate): RowFields[] {
  const rows: RowFields[] = [];
  let line = 2;
  for (let i = 0; i < count; i++) {
    if (gapEvery !== null && i > 0 && i % gapEvery === 0) line += 1 + (i % 3);
    rows.push({ seq: line, line, fate: fateOf(i), email: `p${i}@example.com`, phone: null, externalId: `X-${i}`, profileId: null, reason: null, duplicateOf: null, planned: null });
    line += 1;
  }
  for (let j = 0; j < removed; j++) {
    rows.push({ seq: line + j, line: null, fate: 'removed', email: `gone${j}@example.com`, phone: null, externalId: null, profileId: `P${j}`, reason: null, duplicateOf: null, planned: 'remove' });
  }
  return rows;
}

describe("a run's rows", () => {
  it('pages through a sparse run exactly like a plain ordered list, for any sequence of offsets, fates and limits', () => {
    const { store, reopen } = historyHarness();
    const rows = stagedRows(6000, 37, 400, (i) => FATES[(i * 7 + (i >> 4)) % FATES.length]!);
    const frozen = insertRun(store, { status: 'completed' });
    const running = insertRun(store, { status: 'running' });
    insertRows(store, frozen, rows);
    insertRows(store, running, rows);
    fc.assert(fc.property(
      fc.array(fc.record({
        run: fc.constantFrom(frozen, running),
        fate: fc.option(fc.constantFrom<RowFate>(...FATES, 'removed'), { nil: undefined }),
        offset: fc.integer({ min: 0, max: 6500 }),
        limit: fc.integer({ min: 1, max: 300 }),
      }), { minLength: 1, maxLength: 12 }),
      (steps) => {
        // One service across the steps: positions learnt by earlier pages must not mislead later ones.
        const history = reopen();
        for (const step of steps) {
          const expected = rows.filter((r) => step.fate === undefined || r.fate === step.fate);
          const page = history.listRunRows(query({ runId: step.run, offset: step.offset, limit: step.limit, ...(step.fate ? { fate: step.fate } : {}) }));
          expect(page.total).toBe(expected.length);
          expect(page.rows.map((r) => r.line ?? `removed:${r.profileId}`)).toEqual(
            expected.slice(step.offset, step.offset + step.limit).map((r) => r.line ?? `removed:${r.profileId}`));
        }
      },
    ), { numRuns: 40 });
  });

  it('pages a dense run (no gaps) by arithmetic, with the same answers', () => {
    const { store, history } = historyHarness();
    const rows = stagedRows(3000, null, 50, (i) => (i % 10 === 0 ? 'rejected' : 'added'));
    const id = insertRun(store);
    insertRows(store, id, rows);
    for (const offset of [0, 1, 999, 2999, 3000, 3049, 3050]) {
      const page = history.listRunRows(query({ runId: id, offset, limit: 25 }));
      expect(page.total).toBe(3050);
      expect(page.rows.map((r) => r.line)).toEqual(rows.slice(offset, offset + 25).map((r) => r.line));
    }
  });

  it('maps each row to the contract, members removed having no line', () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    insertRows(store, id, [
      { seq: 2, line: 2, fate: 'rejected', email: null, reason: 'invalid_email: "ann@" is not an email address' },
      { seq: 3, line: 3, fate: 'duplicate', email: 'bob@example.com', duplicateOf: 2, reason: 'same email as line 2' },
      { seq: 4, line: 4, fate: 'pending', email: 'new@example.com', planned: 'add' },
      { seq: 5, line: null, fate: 'removed', email: 'old@example.com', phone: '+12065550100', externalId: 'E1', profileId: 'P1', planned: 'remove' },
      { seq: 6, line: 6, fate: 'pending', email: 'odd@example.com', planned: 'from a newer version' },
    ]);
    expect(history.listRunRows(query({ runId: id })).rows).toEqual([
      { line: 2, fate: 'rejected', email: null, phone: null, externalId: null, profileId: null, reason: 'invalid_email: "ann@" is not an email address', duplicateOf: null, planned: null },
      { line: 3, fate: 'duplicate', email: 'bob@example.com', phone: null, externalId: null, profileId: null, reason: 'same email as line 2', duplicateOf: 2, planned: null },
      { line: 4, fate: 'pending', email: 'new@example.com', phone: null, externalId: null, profileId: null, reason: null, duplicateOf: null, planned: 'add' },
      { line: null, fate: 'removed', email: 'old@example.com', phone: '+12065550100', externalId: 'E1', profileId: 'P1', reason: null, duplicateOf: null, planned: 'remove' },
      // A plan word this version does not know reads as no plan, not as a damaged row.
      { line: 6, fate: 'pending', email: 'odd@example.com', phone: null, externalId: null, profileId: null, reason: null, duplicateOf: null, planned: null },
    ]);
  });

  it('sees fates change while a run is running, and after a finished run is resumed or purged elsewhere', () => {
    const { store, history } = historyHarness();
    const id = insertRun(store, { status: 'running' });
    insertRows(store, id, stagedRows(50, null, 0, () => 'pending'));
    expect(history.listRunRows(query({ runId: id, fate: 'added' })).total).toBe(0);
    store.run(sql`UPDATE run_rows SET fate = 'added' WHERE run_id = ${id} AND seq < 12`);
    expect(history.listRunRows(query({ runId: id, fate: 'added' })).total).toBe(10);

    store.run(sql`UPDATE runs SET status = 'completed' WHERE id = ${id}`);
    expect(history.listRunRows(query({ runId: id, fate: 'added' })).total).toBe(10);
    // Another process resumes the run and it moves on: the cached count must not be reused.
    store.run(sql`UPDATE runs SET status = 'running' WHERE id = ${id}`);
    store.run(sql`UPDATE run_rows SET fate = 'added' WHERE run_id = ${id}`);
    expect(history.listRunRows(query({ runId: id, fate: 'added' })).total).toBe(50);
    store.run(sql`UPDATE runs SET status = 'completed' WHERE id = ${id}`);
    expect(history.listRunRows(query({ runId: id })).total).toBe(50);
    store.run(sql`DELETE FROM run_rows WHERE run_id = ${id}`);
    store.run(sql`UPDATE runs SET rows_purged = 1 WHERE id = ${id}`);
    expect(history.listRunRows(query({ runId: id }))).toEqual({ rows: [], total: 0 });
  });

  it('answers RUN_NOT_FOUND for a run that is not in the history', () => {
    const { history } = historyHarness();
    expect(() => history.listRunRows(query({ runId: 'nope' }))).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
  });
});

describe("searching a run's rows", () => {
  function searchable() {
    const harness = historyHarness();
    const { store } = harness;
    const id = insertRun(harness.store);
    const other = insertRun(store);
    insertRows(store, id, [
      { seq: 2, fate: 'added', email: 'jane@example.com', phone: '+12065550100', externalId: 'CUST-1' },
      { seq: 3, fate: 'rejected', email: 'janet@example.com', externalId: 'cust-2' },
      { seq: 5, fate: 'added', email: 'bob@example.com', phone: '+442079460000', externalId: 'JANE' },
      { seq: 6, fate: 'duplicate', email: 'jane@example.com', duplicateOf: 2 },
      { seq: 7, line: null, fate: 'removed', email: 'zoe@example.com', profileId: 'P9' },
    ]);
    insertRows(store, other, [{ seq: 2, fate: 'added', email: 'jane@example.com', phone: '+12065550100' }]);
    const lines = (search: string, extra: Partial<RowsQuery> = {}) => {
      const page = harness.history.listRunRows(query({ runId: id, search, ...extra }));
      return { lines: page.rows.map((r) => r.line ?? r.profileId), total: page.total };
    };
    return { ...harness, id, lines };
  }

  it('matches an email by prefix, whatever its case, within the run only', () => {
    const { lines } = searchable();
    expect(lines('JANE@example.com')).toEqual({ lines: [2, 6], total: 2 });
    expect(lines('jane')).toEqual({ lines: [2, 3, 6], total: 3 });
    expect(lines('zoe@')).toEqual({ lines: ['P9'], total: 1 });
  });

  it('matches an external id by prefix as typed, a phone as written in the default region, and a line number', () => {
    const { lines } = searchable();
    expect(lines('CUST')).toEqual({ lines: [2], total: 1 });
    expect(lines('JANE')).toEqual({ lines: [2, 3, 5, 6], total: 4 });
    expect(lines('cust-2')).toEqual({ lines: [3], total: 1 });
    expect(lines('(206) 555-0100')).toEqual({ lines: [2], total: 1 });
    expect(lines('+44 20 7946')).toEqual({ lines: [5], total: 1 });
    expect(lines('5')).toEqual({ lines: [5], total: 1 });
    expect(lines('4')).toEqual({ lines: [5], total: 1 }); // +44…
    expect(lines('8')).toEqual({ lines: [], total: 0 });
  });

  it('gives the same answers for short searches (which read the run) as the index would', () => {
    const { lines } = searchable();
    expect(lines('ja')).toEqual({ lines: [2, 3, 6], total: 3 });
    expect(lines('JA')).toEqual({ lines: [2, 3, 5, 6], total: 4 });
    expect(lines('j')).toEqual({ lines: [2, 3, 6], total: 3 });
    expect(lines('6')).toEqual({ lines: [6], total: 1 });
  });

  it('combines a search with a fate filter and pages the matches', () => {
    const { lines } = searchable();
    expect(lines('JANE', { fate: 'added' })).toEqual({ lines: [2, 5], total: 2 });
    expect(lines('JANE', { offset: 1, limit: 2 })).toEqual({ lines: [3, 5], total: 4 });
    expect(lines('JANE', { offset: 10 })).toEqual({ lines: [], total: 4 });
  });

  it('treats LIKE wildcards as plain characters', () => {
    const { lines } = searchable();
    expect(lines('%')).toEqual({ lines: [], total: 0 });
    expect(lines('jan_')).toEqual({ lines: [], total: 0 });
  });
});
