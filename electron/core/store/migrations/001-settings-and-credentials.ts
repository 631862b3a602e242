import { sql } from '../sql';
import type { Migration } from './types';

/**
 * Settings as key → JSON value, and the metadata of named Klaviyo credentials.
 * There is deliberately no column for the key itself: it lives only in the OS keychain, under the
 * credential's id. `name_key` is the name folded for comparison (trimmed, NFC, lower-cased by the
 * repository), so "Main store" and "MAIN STORE" clash even for non-ASCII names, which SQLite's NOCASE
 * would not fold.
 */
export const migration001: Migration = {
  version: 1,
  name: 'settings-and-credentials',
  up(db) {
    db.exec(sql`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE credentials (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        name_key TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        account_id TEXT NOT NULL,
        account_name TEXT NOT NULL,
        masked_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_checked_at TEXT,
        missing_scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(missing_scopes) AND json_type(missing_scopes) = 'array')
      ) STRICT;
    `);
  },
};
