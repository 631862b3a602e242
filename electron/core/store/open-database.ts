/**
 * Opens (creating if needed) the history database in the data folder, readable by the user only,
 * in WAL mode, and migrated to the app's schema.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { toDatabaseError } from './database-errors';
import { assertNotNewer, migrate } from './migrate';
import { migrations as appMigrations, type Migration } from './migrations/index';
import { createStore, type Store } from './store';

export interface OpenDatabaseOptions {
  /** The data folder (see config.ts resolveDataDir); created 0700 when missing. */
  dataDir: string;
  fileName?: string;
  /** Path to a better_sqlite3.node built for this runtime (Electron has its own ABI). */
  nativeBinding?: string;
  /** The schema steps to apply; the app's own list unless a test brings its own. */
  migrations?: readonly Migration[];
  /** How long a statement waits for another process's write lock before DATABASE_ERROR (ms). */
  busyTimeoutMs?: number;
}

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

export function openDatabase(options: OpenDatabaseOptions): Store {
  const fileName = options.fileName ?? 'history.sqlite';
  if (basename(fileName) !== fileName || fileName === '' || fileName.startsWith('.')) {
    throw new AppError({ code: 'INVALID_INPUT', message: `"${fileName}" is not a plain file name for the history database.` });
  }
  const path = join(options.dataDir, fileName);
  const list = options.migrations ?? appMigrations;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new TypeError(`invalid busyTimeoutMs ${busyTimeoutMs}`);

  let db: Database.Database | undefined;
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: OWNER_ONLY_DIR });
    // Create the file ourselves so it is born 0600: SQLite would create it with the umask (often 0644),
    // and it creates -wal/-shm with the same mode as the database file.
    closeSync(openSync(path, 'a', OWNER_ONLY_FILE));
    restrictToOwner(path);

    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    // PRAGMA takes no bound parameters; the value is a checked integer.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Before changing anything: a newer app's file is refused untouched. This read is also what fails
    // first on a damaged or foreign file (SQLITE_NOTADB).
    assertNotNewer(db, path, list);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL is still crash-safe for the database: a committed transaction survives an app
    // crash or kill -9, and a power cut can only roll back the last transactions, never corrupt the file.
    // FULL would fsync on every commit, which makes staging millions of rows much slower.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');

    const store = createStore(db, path);
    migrate(db, store, list);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) restrictToOwner(path + suffix);
    }
    return store;
  } catch (error) {
    if (db?.open) db.close();
    // A TypeError is a bug in our own code (a bad migration list), not something the user can fix.
    throw error instanceof TypeError ? error : toDatabaseError(error, path);
  }
}

function restrictToOwner(path: string): void {
  // Windows has no POSIX modes (chmod only toggles read-only there); the profile folder protects the file.
  if (process.platform !== 'win32') chmodSync(path, OWNER_ONLY_FILE);
}
