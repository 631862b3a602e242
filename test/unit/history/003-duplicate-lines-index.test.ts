import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../../electron/core/store/migrations/index';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audience-sync-m003-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('migration 003: duplicate lines index', () => {
  it('is version 3', () => {
    expect(migrations[2]).toMatchObject({ version: 3, name: 'duplicate-lines-index' });
  });

  it('indexes only duplicate rows, by run and kept line, on a history that already has rows', () => {
    const dir = dataDir();
    const before = openDatabase({ dataDir: dir, migrations: migrations.slice(0, 2) });
    before.run(sql`INSERT INTO runs (id, kind, status, created_at, file_path, file_name, file_size, file_sha256, mapping_json)
      VALUES ('r', 'sync', 'completed', '2025-01-01T00:00:00.000Z', '/f', 'f', 1, 'h', '{}')`);
    before.run(sql`INSERT INTO run_rows (run_id, seq, line, fate, email) VALUES ('r', 2, 2, 'added', 'a@example.com')`);
    before.run(sql`INSERT INTO run_rows (run_id, seq, line, fate, duplicate_of) VALUES ('r', 3, 3, 'duplicate', 2)`);
    before.close();

    const store = openDatabase({ dataDir: dir });
    expect(store.schemaVersion()).toBe(3);
    const index = store.get<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE name = 'run_rows_by_duplicate'`);
    expect(index?.sql).toMatch(/WHERE duplicate_of IS NOT NULL/);
    const plan = store.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT seq FROM run_rows WHERE run_id = 'r' AND duplicate_of = 2`)
      .map((row) => row.detail).join('\n');
    expect(plan).toContain('run_rows_by_duplicate');
    expect(store.all(sql`SELECT seq FROM run_rows WHERE run_id = 'r' AND duplicate_of = 2`)).toEqual([{ seq: 3 }]);
    store.close();
  });
});
