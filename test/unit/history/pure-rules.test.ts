import { describe, expect, it } from 'vitest';
import { sizeAfter } from '../../../electron/core/history/list-sizes';
import { containsPattern } from '../../../electron/core/history/like';
import { nextChunkSize, retentionCutoff } from '../../../electron/core/history/retention';
import { runLogLine } from '../../../electron/core/history/run-log-export';
import { readJsonColumn, toRunSummary, ActionSchema, type RunRecord } from '../../../electron/core/history/run-record';
import { canonicalInstant, runsWhere } from '../../../electron/core/history/runs-query';
import { createLogger } from '../../../electron/core/log';

const quiet = createLogger({ level: 'error', sink: () => undefined });

describe('the runs filter', () => {
  it('brings any ISO instant to the stored form so text comparison orders it', () => {
    expect(canonicalInstant('2025-05-02T12:00:00Z')).toBe('2025-05-02T12:00:00.000Z');
    expect(canonicalInstant('2025-05-02T14:00:00+02:00')).toBe('2025-05-02T12:00:00.000Z');
  });

  it('has no WHERE at all without filters, and binds every value', () => {
    expect(runsWhere({}).text).toBe('');
    const where = runsWhere({ listId: 'L1', search: "O'Brien 100%" });
    expect(where.text).not.toContain("O'Brien");
    expect(where.values).toEqual(['L1', "%O'Brien 100\\%%", "%O'Brien 100\\%%", "%O'Brien 100\\%%"]);
  });

  it('escapes LIKE wildcards typed by a person', () => {
    expect(containsPattern('a_b%c\\d')).toBe('%a\\_b\\%c\\\\d%');
  });
});

describe('a run summary', () => {
  const record: RunRecord = {
    id: 'r1', kind: 'export', status: 'completed', created_at: 'c', started_at: null, finished_at: null,
    credential_id: null, credential_name: null, account_id: null, account_name: 'ignored without an id',
    list_id: null, list_name: null, file_path: '/f.csv', file_name: 'f.csv', file_size: 3, file_sha256: 'h',
    mode: null, content: null, estimate_seconds: null, actual_seconds: 1.5, total: 3, added: 0, updated: 0, removed: 0,
    unchanged: 0, rejected: 1, duplicates: 0, failed: 0, pending: 0, action_json: null, last_error_json: null,
  };

  it('has no credential, account or list for an export that had none', () => {
    expect(toRunSummary(record, quiet)).toMatchObject({ credential: null, account: null, list: null, mode: null, actualSeconds: 1.5 });
  });

  it('keeps a list known only by name (a list still to be created)', () => {
    expect(toRunSummary({ ...record, kind: 'sync', list_name: 'New list' }, quiet).list).toEqual({ id: null, name: 'New list' });
  });

  it('reads a JSON column through its schema, logging (not throwing) what does not fit', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
    const where = { runId: 'r1', column: 'action_json' };
    expect(readJsonColumn(null, ActionSchema, where, logger)).toBeNull();
    expect(readJsonColumn('{"kind":"resume","title":"t","message":"m","steps":[]}', ActionSchema, where, logger)).toMatchObject({ kind: 'resume' });
    expect(readJsonColumn('{"kind":"resume"}', ActionSchema, where, logger)).toBeNull();
    expect(readJsonColumn('{', ActionSchema, where, logger)).toBeNull();
    expect(lines).toHaveLength(2);
  });
});

describe('list sizes', () => {
  it("prefers Klaviyo's count, else derives it, never below zero, else knows nothing", () => {
    expect(sizeAfter({ list_size_before: 10, list_size_after: 12, added: 5, removed: 0 })).toBe(12);
    expect(sizeAfter({ list_size_before: 10, list_size_after: null, added: 5, removed: 2 })).toBe(13);
    expect(sizeAfter({ list_size_before: 1, list_size_after: null, added: 0, removed: 3 })).toBe(0);
    expect(sizeAfter({ list_size_before: null, list_size_after: null, added: 5, removed: 0 })).toBeNull();
  });
});

describe('retention', () => {
  it('cuts off whole days before now', () => {
    expect(retentionCutoff(new Date('2025-06-30T12:00:00.000Z'), 30)).toBe('2025-05-31T12:00:00.000Z');
  });

  it('sizes the next chunk to the target time, at most doubling, within bounds', () => {
    expect(nextChunkSize(1000, 50, 25)).toBe(500);
    expect(nextChunkSize(1000, 5, 25)).toBe(2000);
    expect(nextChunkSize(1000, 0, 25)).toBe(2000);
    expect(nextChunkSize(150, 1000, 25)).toBe(100);
    expect(nextChunkSize(20_000, 1, 25)).toBe(20_000);
  });
});

describe('a run-log line', () => {
  it('writes empty cells for nulls, quotes what needs quoting and ends with CRLF', () => {
    expect(runLogLine({ line: 7, fate: 'rejected', email: null, phone: null, externalId: 'a,b', profileId: null, reason: 'say "hi"', duplicateOf: null, planned: null }))
      .toBe('7,rejected,,,"a,b",,"say ""hi""",\r\n');
    expect(runLogLine({ line: null, fate: 'removed', email: 'x@example.com', phone: '+15550100', externalId: null, profileId: 'P', reason: null, duplicateOf: null, planned: 'remove' }))
      .toBe(",removed,x@example.com,'+15550100,,P,,\r\n");
  });
});
