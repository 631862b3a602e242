/**
 * Brings a database up to the app's schema: each pending migration in its own transaction together
 * with the bump of PRAGMA user_version, so a crash between migrations leaves a consistent, resumable
 * state. A database from a newer app is refused before anything is written to it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { databaseNewerError } from './database-errors';
import { latestVersion, validateMigrations, type Migration } from './migrations/index';
import { readUserVersion, writeUserVersion, type Store } from './store';

/** Throws DATABASE_NEWER when the file's schema is ahead of `list`. Returns the file's version. */
export function assertNotNewer(db: BetterSqlite3.Database, path: string, list: readonly Migration[]): number {
  const version = readUserVersion(db);
  const known = latestVersion(list);
  if (version > known) throw databaseNewerError(path, version, known);
  return version;
}

/** Applies the pending migrations; returns the versions applied (empty when already current). */
export function migrate(db: BetterSqlite3.Database, store: Store, list: readonly Migration[]): number[] {
  validateMigrations(list);
  const applied: number[] = [];
  for (const migration of list) {
    if (readUserVersion(db) >= migration.version) continue;
    store.transaction(() => {
      // Read again under the write lock: the app and the command line may open the same file at once,
      // and only one of them must run each migration.
      const current = assertNotNewer(db, store.path, list);
      if (current >= migration.version) return;
      migration.up(store);
      writeUserVersion(db, migration.version);
      applied.push(migration.version);
    });
  }
  return applied;
}
