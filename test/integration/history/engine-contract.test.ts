/**
 * The history reads what the real sync engine writes: a mirror sync of a messy file (a blank line,
 * a record spanning two lines, a duplicate, a rejected line) against the emulator, then every history
 * query checked against the file and the emulator's end state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/mapping';
import { createHistoryService } from '../../../electron/core/history/history-service';
import { createSyncWorld, emailsOf } from '../sync/harness';

const MAPPING: Mapping = {
  defaultRegion: 'US',
  columns: [
    { index: 0, header: 'email', target: { kind: 'email' } },
    { index: 1, header: 'note', target: { kind: 'ignore' } },
  ],
};

describe('the history of a real sync', () => {
  it('shows every line of the file in order with its fate, then the members removed', async () => {
    const world = await createSyncWorld();
    const members = ['stay1@example.com', 'stay2@example.com', 'gone1@example.com', 'gone2@example.com'];
    const [list] = world.emulator.control.seed({ lists: [{ name: 'Contract', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('messy.csv', [
      'email,note',                              // line 1
      'stay1@example.com,a',                     // 2 unchanged
      'new1@example.com,"two',                   // 3 added (record spans lines 3-4)
      'lines"',                                  // 4
      '',                                        // 5 blank
      'not-an-email,b',                          // 6 rejected
      'STAY2@example.com ,c',                    // 7 unchanged
      'new1@example.com,dup',                    // 8 duplicate of 3
      'new2@example.com,d',                      // 9 added
    ]);
    const plan = await world.plan({ path, list: { id: list!.id }, mode: 'mirror', mapping: MAPPING });
    const done = await world.run(plan.runId, true);
    expect(done.status).toBe('completed');
    expect(emailsOf(world.list(list!.id))).toEqual(['new1@example.com', 'new2@example.com', 'stay1@example.com', 'stay2@example.com']);

    const history = createHistoryService({
      store: world.store, events: world.events, settings: () => ({ defaultRegion: 'US', rowRetentionDays: null }), retentionThread: 'inline',
    });
    const all = history.listRunRows({ runId: plan.runId, offset: 0, limit: 100 });
    expect(all.rows.map((r) => [r.line, r.fate])).toEqual([
      [2, 'unchanged'], [3, 'added'], [6, 'rejected'], [7, 'unchanged'], [8, 'duplicate'], [9, 'added'],
      [null, 'removed'], [null, 'removed'],
    ]);
    expect(all.rows.find((r) => r.line === 8)?.duplicateOf).toBe(3);
    expect(all.rows.filter((r) => r.fate === 'removed').map((r) => r.email).sort()).toEqual(['gone1@example.com', 'gone2@example.com']);
    expect(all.rows.filter((r) => r.fate === 'removed').every((r) => r.profileId !== null)).toBe(true);

    // Paging one row at a time (a sparse run: lines 4 and 5 hold no record) gives the same rows.
    const oneByOne = [];
    for (let offset = 0; offset < all.total; offset++) oneByOne.push(...history.listRunRows({ runId: plan.runId, offset, limit: 1 }).rows);
    expect(oneByOne).toEqual(all.rows);

    // Searching by line number finds the line after the multi-line record and the blank line.
    expect(history.listRunRows({ runId: plan.runId, search: '7', offset: 0, limit: 10 }).rows.map((r) => r.email)).toEqual(['stay2@example.com']);
    expect(history.listRunRows({ runId: plan.runId, fate: 'rejected', offset: 0, limit: 10 }).rows[0]?.reason).toMatch(/not-an-email/);

    const detail = history.getRun(plan.runId);
    expect(detail).toMatchObject({ status: 'completed', counts: { added: 2, unchanged: 2, removed: 2, rejected: 1, duplicates: 1 }, rowsPurged: false });
    expect(detail.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['import', 'remove']));
    expect(detail.estimate?.phases.length).toBeGreaterThan(0);

    expect(history.findPerson('gone1@example.com').events).toMatchObject([{ runId: plan.runId, fate: 'removed', line: null, listName: 'Contract' }]);
    expect(history.findPerson('NEW1@example.com').events.map((e) => [e.line, e.fate])).toEqual([[3, 'added'], [8, 'duplicate']]);
    expect(history.getListSizes(list!.id).points).toMatchObject([{ runId: plan.runId, size: 4, added: 2, removed: 2 }]);
    expect(history.listAlerts()).toEqual([]);

    const logPath = join(world.dir, 'log.csv');
    expect((await history.exportRunLog({ runId: plan.runId, path: logPath })).rows).toBe(8);
    const log = Papa.parse<string[]>(readFileSync(logPath, 'utf8'), { skipEmptyLines: true }).data;
    expect(log.slice(1).map((r) => [r[0], r[1]])).toEqual(all.rows.map((r) => [r.line === null ? '' : String(r.line), r.fate]));
    await history.close();
  });
});
