import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { catchError, tempDir } from './helpers';

const mode = (path: string) => statSync(path).mode & 0o777;
const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('openDatabase', () => {
  posixOnly('creates the data folder and the database readable by the user only, -wal and -shm included', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openDatabase({ dataDir });
    store.run(sql`INSERT INTO settings (key, value) VALUES (${'k'}, ${'1'})`);
    expect(store.path).toBe(join(dataDir, 'history.sqlite'));
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(store.path)).toBe(0o600);
    expect(existsSync(`${store.path}-wal`)).toBe(true);
    expect(mode(`${store.path}-wal`)).toBe(0o600);
    expect(mode(`${store.path}-shm`)).toBe(0o600);
    store.close();
  });

  posixOnly('tightens an existing history file that was readable by others', () => {
    const dataDir = tempDir();
    openDatabase({ dataDir }).close();
    const path = join(dataDir, 'history.sqlite');
    chmodSync(path, 0o644);
    openDatabase({ dataDir }).close();
    expect(mode(path)).toBe(0o600);
  });

  it('uses WAL, foreign keys, NORMAL sync and a busy timeout', () => {
    const store = openDatabase({ dataDir: tempDir(), busyTimeoutMs: 1234 });
    expect(store.get<{ journal_mode: string }>(sql`PRAGMA journal_mode`)?.journal_mode).toBe('wal');
    expect(store.get<{ foreign_keys: number }>(sql`PRAGMA foreign_keys`)?.foreign_keys).toBe(1);
    expect(store.get<{ synchronous: number }>(sql`PRAGMA synchronous`)?.synchronous).toBe(1); // 1 = NORMAL
    expect(store.get<{ timeout: number }>(sql`PRAGMA busy_timeout`)?.timeout).toBe(1234);
    store.close();
  });

  it('keeps what was written across a close and a reopen', () => {
    const dataDir = tempDir();
    const first = openDatabase({ dataDir, fileName: 'other.sqlite' });
    first.run(sql`INSERT INTO settings (key, value) VALUES (${'answer'}, ${'42'})`);
    first.close();
    expect(first.open).toBe(false);
    const second = openDatabase({ dataDir, fileName: 'other.sqlite' });
    expect(second.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${'answer'}`)?.value).toBe('42');
    second.close();
  });

  it('refuses a file name that is a path', () => {
    for (const fileName of ['../escape.sqlite', 'a/b.sqlite', '', '.hidden']) {
      expect(() => openDatabase({ dataDir: tempDir(), fileName })).toThrow(AppError);
    }
  });

  it('reports a file that is not a database as DATABASE_ERROR with its path and the fix', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'history.sqlite');
    writeFileSync(path, 'name,email\nJane,jane@example.com\n'.repeat(200));
    const error = catchError(() => openDatabase({ dataDir }));
    expect(AppError.is(error, 'DATABASE_ERROR')).toBe(true);
    const appError = error as AppError;
    expect(appError.message).toContain(path);
    expect(appError.message).toMatch(/rename or move/);
    expect(appError.details).toMatchObject({ path, failureCode: 'SQLITE_NOTADB' });
    expect(appError.action?.steps.length).toBeGreaterThan(0);
    // The damaged file is left exactly as it was, for the user to move aside or recover.
    expect(readFileSync(path, 'utf8')).toBe('name,email\nJane,jane@example.com\n'.repeat(200));
  });

  it('reports a damaged database (a valid header, garbage pages) as DATABASE_ERROR', () => {
    const dataDir = tempDir();
    const store = openDatabase({ dataDir });
    for (let i = 0; i < 200; i++) store.run(sql`INSERT INTO settings (key, value) VALUES (${`k${i}`}, ${JSON.stringify('x'.repeat(200))})`);
    store.close();
    const path = join(dataDir, 'history.sqlite');
    const bytes = readFileSync(path);
    // Keep the 100-byte header, overwrite the schema page and the rest with noise.
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(path, bytes);
    const error = catchError(() => {
      const reopened = openDatabase({ dataDir });
      try {
        reopened.all(sql`SELECT * FROM settings`);
      } finally {
        reopened.close();
      }
    });
    expect(AppError.is(error, 'DATABASE_ERROR')).toBe(true);
    expect((error as AppError).message).toContain(path);
  });

  posixOnly('reports a data folder it cannot create as DATABASE_ERROR about permissions', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'file'), 'not a folder');
    const error = catchError(() => openDatabase({ dataDir: join(parent, 'file', 'data') }));
    expect(AppError.is(error, 'DATABASE_ERROR')).toBe(true);
    expect((error as AppError).message).toMatch(/can't read and write/);
  });
});

describe('openDatabase with an explicit native binding (how the Electron app loads its own build)', () => {
  it('loads better-sqlite3 from the given addon', () => {
    const addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const store = openDatabase({ dataDir: tempDir(), nativeBinding: addon });
    expect(store.schemaVersion()).toBeGreaterThan(0);
    store.close();
  });

  it('reports a missing addon as DATABASE_ERROR telling the user to reinstall', () => {
    const dataDir = tempDir();
    const error = catchError(() => openDatabase({ dataDir, nativeBinding: join(dataDir, 'missing', 'better_sqlite3.node') }));
    expect(AppError.is(error, 'DATABASE_ERROR')).toBe(true);
    expect((error as AppError).message).toMatch(/database engine could not be loaded/);
    expect((error as AppError).message).toMatch(/Reinstall/);
  });
});
