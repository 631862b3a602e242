import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Migration } from '../../../electron/core/store/migrations/index';
import { validateMigrations } from '../../../electron/core/store/migrations/index';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { catchError, tempDir } from './helpers';

// A made-up schema history, to test the runner on its own (the app's real migrations have their own tests).
const toy: Migration[] = [
  { version: 1, name: 'create-notes', up: (db) => db.exec(sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`) },
  { version: 2, name: 'add-note-tag', up: (db) => db.exec(sql`ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'none'`) },
  {
    version: 3,
    name: 'tag-index-and-backfill',
    up(db) {
      db.exec(sql`CREATE INDEX notes_by_tag ON notes (tag)`);
      db.run(sql`UPDATE notes SET tag = ${'old'} WHERE tag = ${'none'}`);
    },
  },
];

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('migrations runner', () => {
  it('brings a fresh database to the latest version', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: toy });
    expect(store.schemaVersion()).toBe(3);
    store.run(sql`INSERT INTO notes (body) VALUES (${'hello'})`);
    expect(store.get<{ tag: string }>(sql`SELECT tag FROM notes`)?.tag).toBe('none');
    store.close();
  });

  for (let from = 0; from <= toy.length; from++) {
    it(`upgrades a database from version ${from}, keeping its data`, () => {
      const dataDir = tempDir();
      const old = openDatabase({ dataDir, migrations: toy.slice(0, from) });
      expect(old.schemaVersion()).toBe(from);
      if (from >= 1) old.run(sql`INSERT INTO notes (body) VALUES (${'written at v' + from})`);
      old.close();

      const store = openDatabase({ dataDir, migrations: toy });
      expect(store.schemaVersion()).toBe(3);
      const rows = store.all<{ body: string; tag: string }>(sql`SELECT body, tag FROM notes`);
      if (from >= 1) expect(rows).toEqual([{ body: `written at v${from}`, tag: from < 3 ? 'old' : 'none' }]);
      else expect(rows).toEqual([]);
      store.close();
    });
  }

  it('refuses a database from a newer version without touching it', () => {
    const dataDir = tempDir();
    openDatabase({ dataDir, migrations: toy }).close();
    const path = join(dataDir, 'history.sqlite');
    const before = sha(path);
    const error = catchError(() => openDatabase({ dataDir, migrations: toy.slice(0, 2) }));
    expect(AppError.is(error, 'DATABASE_NEWER')).toBe(true);
    expect((error as AppError).message).toBe(
      'This history was written by a newer version of Audience Sync (schema 3; this app knows up to 2). Update the app.');
    expect((error as AppError).details).toMatchObject({ path, schemaVersion: 3, knownVersion: 2 });
    expect(sha(path)).toBe(before);
  });

  it('applies each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const dataDir = tempDir();
    const broken: Migration = {
      version: 3,
      name: 'breaks-half-way',
      up(db) {
        db.exec(sql`CREATE TABLE half_done (id INTEGER)`);
        db.exec(sql`THIS IS NOT SQL`);
      },
    };
    expect(() => openDatabase({ dataDir, migrations: [...toy.slice(0, 2), broken] })).toThrow();
    const store = openDatabase({ dataDir, migrations: toy.slice(0, 2) });
    expect(store.schemaVersion()).toBe(2);
    expect(store.get(sql`SELECT name FROM sqlite_master WHERE name = ${'half_done'}`)).toBeUndefined();
    store.close();
    // And the fixed migration applies cleanly afterwards.
    const fixed = openDatabase({ dataDir, migrations: toy });
    expect(fixed.schemaVersion()).toBe(3);
    fixed.close();
  });

  it('runs nothing when the database is already current', () => {
    const dataDir = tempDir();
    let runs = 0;
    const counted: Migration[] = [{ version: 1, name: 'counted', up: (db) => { runs++; db.exec(sql`CREATE TABLE t (x)`); } }];
    openDatabase({ dataDir, migrations: counted }).close();
    openDatabase({ dataDir, migrations: counted }).close();
    expect(runs).toBe(1);
  });

  it('refuses a migration list with gaps, duplicates or bad names (a bug, reported as such)', () => {
    const up = () => undefined;
    expect(() => validateMigrations([{ version: 1, name: 'a', up }, { version: 3, name: 'c', up }])).toThrow(/in order/);
    expect(() => validateMigrations([{ version: 1, name: 'a', up }, { version: 1, name: 'b', up }])).toThrow(/in order/);
    expect(() => validateMigrations([{ version: 1, name: 'Not Kebab', up }])).toThrow(/kebab/);
    expect(() => openDatabase({ dataDir: tempDir(), migrations: [{ version: 2, name: 'skips-one', up }] })).toThrow(TypeError);
  });
});
