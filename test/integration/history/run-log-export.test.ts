import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { RUN_LOG_HEADERS } from '../../../electron/core/history/run-log-export';
import { historyHarness, insertRows, insertRun, tempDir } from './history-fixture';

const parse = (path: string) => Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;

describe("exporting a run's log", () => {
  it('writes one CSV line per row record with the fate, identifiers, reason and the kept line of duplicates', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    insertRows(store, id, [
      { seq: 2, fate: 'added', email: 'jane@example.com', phone: '+12065550100', externalId: 'C-1', profileId: 'P1' },
      { seq: 3, fate: 'rejected', reason: 'invalid_email: "a,b" is "not" an email' },
      { seq: 5, fate: 'duplicate', email: 'jane@example.com', duplicateOf: 2, reason: 'same email as line 2' },
      { seq: 6, line: null, fate: 'removed', email: 'old@example.com', profileId: 'P9' },
    ]);
    const path = join(tempDir(), 'log.csv');
    expect(await history.exportRunLog({ runId: id, path })).toEqual({ path, rows: 4 });
    expect(parse(path)).toEqual([
      [...RUN_LOG_HEADERS],
      ['2', 'added', 'jane@example.com', "'+12065550100", 'C-1', 'P1', '', ''],
      ['3', 'rejected', '', '', '', '', 'invalid_email: "a,b" is "not" an email', ''],
      ['5', 'duplicate', 'jane@example.com', '', '', '', 'same email as line 2', '2'],
      ['', 'removed', 'old@example.com', '', '', 'P9', '', ''],
    ]);
    expect(readFileSync(path, 'utf8').split('\r\n')).toHaveLength(6);
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    insertRows(store, id, [{ seq: 2, fate: 'rejected', externalId: '=HYPERLINK("http://evil")', reason: '@SUM(A1)', email: '-1+1@example.com' }]);
    const path = join(tempDir(), 'log.csv');
    await history.exportRunLog({ runId: id, path });
    const [, row] = parse(path);
    expect(row?.slice(2, 7)).toEqual(["'-1+1@example.com", '', "'=HYPERLINK(\"http://evil\")", '', "'@SUM(A1)"]);
  });

  it('streams a run of many chunks completely and in order', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    // 10,001 rows: two full chunks of 5,000 and one more row.
    insertRows(store, id, Array.from({ length: 10_001 }, (_, i) => ({ seq: i * 2 + 2, fate: 'unchanged' as const, email: `p${i}@example.com` })));
    const path = join(tempDir(), 'log.csv');
    expect((await history.exportRunLog({ runId: id, path })).rows).toBe(10_001);
    const data = parse(path);
    expect(data).toHaveLength(10_002);
    expect(data.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 10_001 }, (_, i) => i * 2 + 2));
  });

  it('replaces an existing file only once the new one is complete, and leaves no temp file behind', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    insertRows(store, id, [{ seq: 2, fate: 'added', email: 'a@example.com' }]);
    const dir = tempDir();
    const path = join(dir, 'log.csv');
    writeFileSync(path, 'old contents');
    await history.exportRunLog({ runId: id, path });
    expect(parse(path)[1]?.[2]).toBe('a@example.com');
    expect(readdirSync(dir)).toEqual(['log.csv']);
  });

  it('fails with WRITE_FAILED and plain words when the folder cannot be written, leaving nothing', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store);
    insertRows(store, id, [{ seq: 2, fate: 'added', email: 'a@example.com' }]);
    const dir = tempDir();
    const notAFolder = join(dir, 'file.txt');
    writeFileSync(notAFolder, 'x');
    await expect(history.exportRunLog({ runId: id, path: join(dir, 'missing', 'log.csv') }))
      .rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringContaining("doesn't exist") });
    await expect(history.exportRunLog({ runId: id, path: join(notAFolder, 'log.csv') }))
      .rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringContaining('not a folder') });
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('refuses a run whose detail retention cleared, and a run that does not exist', async () => {
    const { store, history } = historyHarness();
    const id = insertRun(store, { rowsPurged: true });
    const path = join(tempDir(), 'log.csv');
    await expect(history.exportRunLog({ runId: id, path })).rejects.toMatchObject({ code: 'RUN_STATE', message: expect.stringContaining('Keep row details for') });
    await expect(history.exportRunLog({ runId: 'nope', path })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
