import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql, sqlJoin } from '../../../electron/core/store/sql';
import { createStore } from '../../../electron/core/store/store';
import { catchError, tempDir } from './helpers';

function scratchStore() {
  const path = join(tempDir(), 'scratch.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER)');
  return { db, store: createStore(db, path) };
}

describe('store queries', () => {
  it('prepares each distinct statement once and reuses it', () => {
    const { db, store } = scratchStore();
    const prepare = vi.spyOn(db, 'prepare');
    for (let i = 0; i < 50; i++) store.run(sql`INSERT INTO items (name, qty) VALUES (${`item ${i}`}, ${i})`);
    for (let i = 0; i < 50; i++) store.get(sql`SELECT qty FROM items WHERE name = ${`item ${i}`}`);
    expect(prepare).toHaveBeenCalledTimes(2);
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`)?.n).toBe(50);
    store.close();
  });

  it('returns rows, single rows, iterators and run results', () => {
    const { store } = scratchStore();
    const inserted = store.run(sql`INSERT INTO items (name, qty) VALUES (${'a'}, ${1}), (${'b'}, ${2}), (${'c'}, ${3})`);
    expect(inserted.changes).toBe(3);
    expect(store.all<{ name: string }>(sql`SELECT name FROM items WHERE name IN (${sqlJoin(['a', 'c'])}) ORDER BY name`))
      .toEqual([{ name: 'a' }, { name: 'c' }]);
    expect(store.get(sql`SELECT name FROM items WHERE name = ${'zzz'}`)).toBeUndefined();
    const names = [...store.iterate<{ name: string }>(sql`SELECT name FROM items ORDER BY id`)].map((r) => r.name);
    expect(names).toEqual(['a', 'b', 'c']);
    store.close();
  });

  it('runs literal prepared statements positionally for hot loops', () => {
    const { store } = scratchStore();
    const insert = store.prepare`INSERT INTO items (name, qty) VALUES (?, ?)`;
    store.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run(`n${i}`, i);
    });
    const sum = store.prepare`SELECT sum(qty) AS total FROM items WHERE qty >= ?`;
    expect(sum.get<{ total: number }>(500)?.total).toBe(Array.from({ length: 500 }, (_, i) => 500 + i).reduce((a, b) => a + b));
    store.close();
  });

  it('refuses bound values in exec, which is for static DDL only', () => {
    const { store } = scratchStore();
    expect(() => store.exec(sql`DELETE FROM items WHERE id = ${1}`)).toThrow(TypeError);
    store.close();
  });

  it('passes query bugs and constraint violations through unchanged (they are not storage failures)', () => {
    const { store } = scratchStore();
    store.run(sql`INSERT INTO items (name) VALUES (${'dup'})`);
    const error = catchError(() => store.run(sql`INSERT INTO items (name) VALUES (${'dup'})`));
    expect(AppError.is(error)).toBe(false);
    expect((error as { code?: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    store.close();
  });
});

describe('store transactions', () => {
  it('commits all or nothing', () => {
    const { store } = scratchStore();
    expect(() => store.transaction(() => {
      store.run(sql`INSERT INTO items (name) VALUES (${'kept?'})`);
      throw new Error('half way');
    })).toThrow('half way');
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`)?.n).toBe(0);
    expect(store.transaction(() => store.run(sql`INSERT INTO items (name) VALUES (${'kept'})`).changes)).toBe(1);
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`)?.n).toBe(1);
    store.close();
  });

  it('rolls back only the inner part of a nested transaction that fails', () => {
    const { store } = scratchStore();
    store.transaction(() => {
      store.run(sql`INSERT INTO items (name) VALUES (${'outer'})`);
      try {
        store.transaction(() => {
          store.run(sql`INSERT INTO items (name) VALUES (${'inner'})`);
          throw new Error('inner fails');
        });
      } catch {
        // the outer work carries on
      }
    });
    expect(store.all<{ name: string }>(sql`SELECT name FROM items`)).toEqual([{ name: 'outer' }]);
    store.close();
  });

  it('refuses asynchronous work, which would commit before it finished', () => {
    const { store } = scratchStore();
    expect(() => store.transaction(async () => {
      store.run(sql`INSERT INTO items (name) VALUES (${'async'})`);
    })).toThrow(TypeError);
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`)?.n).toBe(0);
    store.close();
  });

  it('turns a write lock held too long by another connection into DATABASE_ERROR with the fix', () => {
    const dataDir = tempDir();
    const app = openDatabase({ dataDir, busyTimeoutMs: 0 });
    const cli = openDatabase({ dataDir, busyTimeoutMs: 0 });
    const error = catchError(() => app.transaction(() => {
      app.run(sql`INSERT INTO settings (key, value) VALUES (${'a'}, ${'1'})`);
      cli.run(sql`INSERT INTO settings (key, value) VALUES (${'b'}, ${'2'})`);
    }));
    expect(AppError.is(error, 'DATABASE_ERROR')).toBe(true);
    expect((error as AppError).message).toMatch(/in use by another copy/);
    expect((error as AppError).details?.failureCode).toMatch(/^SQLITE_BUSY/);
    app.close();
    cli.close();
  });
});
