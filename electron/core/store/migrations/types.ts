import type { SqlRunner } from '../store';

/**
 * One schema step. `up` runs inside a transaction opened by the migration runner, together with the
 * bump of PRAGMA user_version to `version`: it either applies completely or not at all.
 * Never edit a migration that has shipped; add the next number instead.
 */
export interface Migration {
  /** 1, 2, 3, …: the schema version this migration produces. */
  readonly version: number;
  /** kebab-case, matching the file name after the number (e.g. 001-settings-and-credentials.ts). */
  readonly name: string;
  up(db: SqlRunner): void;
}
