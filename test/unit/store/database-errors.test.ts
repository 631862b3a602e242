import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { databaseNewerError, describeDatabaseFailure, isStorageFailure, toDatabaseError } from '../../../electron/core/store/database-errors';

const path = '/home/jane/.config/Audience Sync for Klaviyo/history.sqlite';

describe('database failure wording', () => {
  it.each([
    ['SQLITE_NOTADB', /damaged or is not an Audience Sync history/, /rename or move/],
    ['SQLITE_CORRUPT', /damaged/, /restore the file from a backup/],
    ['SQLITE_BUSY', /in use by another copy/, /close the other copy/],
    ['SQLITE_BUSY_SNAPSHOT', /in use by another copy/, /Wait/],
    ['SQLITE_FULL', /disk .* is full/, /Free some disk space/],
    ['ENOSPC', /is full/, /Free some disk space/],
    ['SQLITE_READONLY', /can't read and write/, /AUDIENCE_SYNC_HOME/],
    ['SQLITE_CANTOPEN', /can't read and write/, /can read and write it/],
    ['EACCES', /can't read and write/, /can read and write it/],
    ['SQLITE_IOERR_WRITE', /disk failed/, /still connected/],
    ['ERR_DLOPEN_FAILED', /database engine could not be loaded/, /Reinstall/],
  ])('explains %s with the path and a fix', (code, what, fix) => {
    const failure = describeDatabaseFailure(code, path, 'raw reason');
    expect(failure.message).toMatch(what);
    expect(failure.message).toContain(path);
    expect(failure.steps.join(' ')).toMatch(fix);
  });

  it('falls back to the raw reason for anything else', () => {
    expect(describeDatabaseFailure(undefined, path, 'something odd').message).toContain('something odd');
  });

  it('treats only storage codes as storage failures', () => {
    expect(isStorageFailure('SQLITE_IOERR_SHORT_READ')).toBe(true);
    expect(isStorageFailure('SQLITE_CONSTRAINT_UNIQUE')).toBe(false);
    expect(isStorageFailure('SQLITE_ERROR')).toBe(false);
    expect(isStorageFailure(undefined)).toBe(false);
  });

  it('wraps a low-level error as DATABASE_ERROR, keeping it as the cause', () => {
    const raw = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const error = toDatabaseError(raw, path);
    expect(error.code).toBe('DATABASE_ERROR');
    expect(error.cause).toBe(raw);
    expect(error.details).toEqual({ path, failureCode: 'SQLITE_CORRUPT', reason: 'database disk image is malformed' });
    expect(error.action?.steps.length).toBeGreaterThan(0);
    const already = new AppError({ code: 'DATABASE_NEWER', message: 'x' });
    expect(toDatabaseError(already, path)).toBe(already);
  });

  it('words a newer database exactly as the UI shows it', () => {
    const error = databaseNewerError(path, 7, 5);
    expect(error.code).toBe('DATABASE_NEWER');
    expect(error.message).toBe('This history was written by a newer version of Audience Sync (schema 7; this app knows up to 5). Update the app.');
  });
});
