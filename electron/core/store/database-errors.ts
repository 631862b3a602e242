/**
 * Turns SQLite failures into errors a person can act on. Decisions only (pure), so each wording is
 * unit-tested; `toDatabaseError` is what the store calls from its catch blocks.
 */
import { AppError } from '../../../shared/errors';

interface Failure {
  message: string;
  steps: string[];
}

/**
 * The wording and the fix for a failure code at `path`: a SQLite result code (SQLITE_NOTADB,
 * SQLITE_BUSY, …), a file-system code (EACCES, ENOSPC, …) or a module-loading code.
 */
export function describeDatabaseFailure(sqliteCode: string | undefined, path: string, reason: string): Failure {
  const code = sqliteCode ?? '';
  const moveAside = `Quit Audience Sync, rename or move "${path}" (and any "-wal"/"-shm" files beside it), then start the app again to begin a fresh history, or restore the file from a backup.`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return {
      message: `The sync history at ${path} is damaged or is not an Audience Sync history file, so it can't be opened.`,
      steps: [moveAside],
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      message: `The sync history at ${path} is in use by another copy of Audience Sync (the app or the command line) and stayed locked too long.`,
      steps: ['Wait for the other sync to finish, or close the other copy of Audience Sync, then try again.'],
    };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return {
      message: `The disk holding the sync history at ${path} is full.`,
      steps: ['Free some disk space, then try again.', 'Or lower "Keep row details for" in Settings so old row details are cleared.'],
    };
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')
    || code.startsWith('SQLITE_AUTH') || ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code)) {
    return {
      message: `Audience Sync can't read and write its sync history at ${path}.`,
      steps: [
        `Check that the folder exists and that your user account can read and write it (and the files in it).`,
        'Or set AUDIENCE_SYNC_HOME to a folder you own and start again.',
      ],
    };
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return {
      message: `The disk failed while reading or writing the sync history at ${path}.`,
      steps: ['Check the disk (and that a removable or network drive is still connected), then try again.', moveAside],
    };
  }
  if (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND') {
    return {
      message: `Audience Sync's database engine could not be loaded (${reason}), so the sync history at ${path} can't be opened.`,
      steps: ['Reinstall Audience Sync. From source, run `npm install` again in the project folder.'],
    };
  }
  return {
    message: `The sync history at ${path} could not be opened (${reason}).`,
    steps: [moveAside],
  };
}

/** SQLite codes that mean "the database file is unusable right now", as opposed to a bug in a query. */
export function isStorageFailure(code: string | undefined): boolean {
  if (!code) return false;
  return ['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_READONLY',
    'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_PERM', 'SQLITE_AUTH'].some((prefix) => code.startsWith(prefix));
}

export function sqliteCodeOf(error: unknown): string | undefined {
  const code = failureCodeOf(error);
  return code?.startsWith('SQLITE_') ? code : undefined;
}

/** The `code` of a SqliteError, a Node system error (EACCES…) or a module-loading error. */
export function failureCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Wraps a low-level failure as DATABASE_ERROR, keeping the original as the cause (for the log). */
export function toDatabaseError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const failureCode = failureCodeOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  const failure = describeDatabaseFailure(failureCode, path, reason);
  return new AppError({
    code: 'DATABASE_ERROR',
    message: `${failure.message} ${failure.steps.join(' ')}`,
    details: { path, failureCode: failureCode ?? null, reason },
    action: { kind: 'retry', title: 'Fix the history file', message: failure.message, steps: failure.steps },
  }, { cause: error });
}

/** The refusal for a history written by a newer app: opening it could damage data we don't understand. */
export function databaseNewerError(path: string, schemaVersion: number, knownVersion: number): AppError {
  const message = `This history was written by a newer version of Audience Sync (schema ${schemaVersion}; this app knows up to ${knownVersion}). Update the app.`;
  return new AppError({
    code: 'DATABASE_NEWER',
    message,
    details: { path, schemaVersion, knownVersion },
    action: {
      kind: 'retry',
      title: 'Update Audience Sync',
      message,
      steps: ['Install the latest version of Audience Sync, then open it again.',
        `Or point AUDIENCE_SYNC_HOME at another folder to keep this history untouched (${path}).`],
    },
  });
}
