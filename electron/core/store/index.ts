/** The store's public surface: open the database, query it with `sql`, and the repositories. */
export { openDatabase, type OpenDatabaseOptions } from './open-database';
export { sql, sqlJoin, emptySql, type SqlQuery, type SqlValue } from './sql';
export type { Store, SqlRunner, PreparedStatement, RunResult } from './store';
export { migrations, type Migration } from './migrations/index';
export { createSettingsRepo, DEFAULT_SETTINGS, type SettingsRepo, type StoredSettings } from './settings-repo';
export { createCredentialsRepo, credentialNameKey, type CredentialsRepo, type CredentialPatch } from './credentials-repo';
export { createSettingsHandlers, type SettingsHandlers } from './settings-handlers';
