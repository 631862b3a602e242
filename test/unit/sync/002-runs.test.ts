import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../../electron/core/store/migrations/index';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import type { Store } from '../../../electron/core/store/store';

function freshStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'audience-sync-m002-'));
  const store = openDatabase({ dataDir: dir, migrations: migrations.slice(0, 2) });
  onTestFinished(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

const insertRun = (store: Store, id: string) => store.run(sql`
  INSERT INTO runs (id, kind, status, created_at, file_path, file_name, file_size, file_sha256, mapping_json)
  VALUES (${id}, ${'sync'}, ${'planned'}, ${'2024-05-01T00:00:00.000Z'}, ${'/tmp/a.csv'}, ${'a.csv'}, ${10}, ${'ab'}, ${'{}'})`);

describe('migration 002: runs and their history', () => {
  it('is version 2, named runs', () => {
    expect(migrations[1]).toMatchObject({ version: 2, name: 'runs' });
  });

  it('creates every table of the run schema', () => {
    const store = freshStore();
    const tables = store.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = ${'table'}`).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining([
      'runs', 'run_rows', 'run_members', 'batches', 'run_phases', 'list_snapshots', 'snapshot_members', 'list_creations',
    ]));
  });

  it('defaults the counts of a new run to zero and refuses an unknown kind', () => {
    const store = freshStore();
    insertRun(store, 'r1');
    expect(store.get(sql`SELECT total, added, pending, alert_dismissed, rows_purged FROM runs WHERE id = ${'r1'}`))
      .toEqual({ total: 0, added: 0, pending: 0, alert_dismissed: 0, rows_purged: 0 });
    expect(() => store.run(sql`
      INSERT INTO runs (id, kind, status, created_at, file_path, file_name, file_size, file_sha256, mapping_json)
      VALUES (${'r2'}, ${'import'}, ${'planned'}, ${'x'}, ${'p'}, ${'n'}, ${1}, ${'h'}, ${'{}'})`)).toThrow(/CHECK/);
  });

  it('deletes a run’s rows, members, batches and phases with the run', () => {
    const store = freshStore();
    insertRun(store, 'r1');
    store.run(sql`INSERT INTO run_rows (run_id, seq, line, fate) VALUES (${'r1'}, ${1}, ${2}, ${'pending'})`);
    store.run(sql`INSERT INTO run_members (run_id, profile_id) VALUES (${'r1'}, ${'P1'})`);
    store.run(sql`INSERT INTO batches (run_id, id, kind, status, size, created_at) VALUES (${'r1'}, ${1}, ${'import'}, ${'planned'}, ${1}, ${'x'})`);
    store.run(sql`INSERT INTO run_phases (run_id, phase) VALUES (${'r1'}, ${'import'})`);
    store.run(sql`DELETE FROM runs WHERE id = ${'r1'}`);
    expect(store.get(sql`SELECT count(*) AS n FROM run_rows`)).toEqual({ n: 0 });
    expect(store.get(sql`SELECT count(*) AS n FROM run_members`)).toEqual({ n: 0 });
    expect(store.get(sql`SELECT count(*) AS n FROM batches`)).toEqual({ n: 0 });
    expect(store.get(sql`SELECT count(*) AS n FROM run_phases`)).toEqual({ n: 0 });
  });

  it('refuses a row for a run that does not exist', () => {
    const store = freshStore();
    expect(() => store.run(sql`INSERT INTO run_rows (run_id, seq, fate) VALUES (${'nope'}, ${1}, ${'pending'})`)).toThrow(/FOREIGN KEY/);
  });

  it('only accepts pause or cancel as a control request', () => {
    const store = freshStore();
    insertRun(store, 'r1');
    store.run(sql`UPDATE runs SET control = ${'pause'} WHERE id = ${'r1'}`);
    expect(() => store.run(sql`UPDATE runs SET control = ${'explode'} WHERE id = ${'r1'}`)).toThrow(/CHECK/);
  });

  it('finds a member of a run by email through an index', () => {
    const store = freshStore();
    const plan = store.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN
      SELECT profile_id FROM run_members WHERE run_id = ${'r1'} AND email = ${'a@example.com'}`);
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/run_members_by_email/);
  });
});
