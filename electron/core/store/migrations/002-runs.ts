import { sql } from '../sql';
import type { Migration } from './types';

/**
 * Runs (syncs and exports), the fate of every row of a run, the list members read when planning,
 * every request that changes Klaviyo (batches: recorded before sending, confirmed after), phase
 * timings, the last membership snapshot of each list, and the lists this app created.
 *
 * Additions to the agreed schema (/tmp/briefs/schema.md), all nullable so readers can ignore them:
 * - runs.control: a pause or cancel asked for by another process (the command line's `pause` while the
 *   app runs the sync); the owning process reads it with its heartbeat.
 * - run_rows.content_hash / run_members.content_hash: a hash of the mapped fields and properties, so a
 *   full-profile plan can call a matched member `unchanged` when Klaviyo already holds those values.
 * Tables are STRICT like 001's: a wrong type is refused instead of stored.
 */
export const migration002: Migration = {
  version: 2,
  name: 'runs',
  up(db) {
    db.exec(sql`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sync','export')),
        status TEXT NOT NULL,
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
        credential_id TEXT, credential_name TEXT,
        account_id TEXT, account_name TEXT,
        list_id TEXT, list_name TEXT,
        file_path TEXT NOT NULL, file_name TEXT NOT NULL, file_size INTEGER NOT NULL, file_sha256 TEXT NOT NULL,
        mode TEXT, content TEXT,
        mapping_json TEXT NOT NULL,
        options_json TEXT,
        audience_json TEXT,
        plan_json TEXT,
        estimate_seconds REAL, actual_seconds REAL,
        total INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0,
        list_size_before INTEGER, list_size_after INTEGER,
        action_json TEXT, last_error_json TEXT,
        alert_dismissed INTEGER NOT NULL DEFAULT 0,
        rows_purged INTEGER NOT NULL DEFAULT 0,
        owner_pid INTEGER, heartbeat_at TEXT,
        control TEXT CHECK (control IS NULL OR control IN ('pause','cancel'))
      ) STRICT;
      CREATE INDEX runs_by_created ON runs(created_at DESC);
      CREATE INDEX runs_by_list ON runs(list_id, created_at DESC);
      CREATE INDEX runs_by_status ON runs(status, created_at DESC);

      CREATE TABLE run_rows (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        line INTEGER,
        fate TEXT NOT NULL,
        planned TEXT,
        email TEXT, phone TEXT, external_id TEXT, profile_id TEXT,
        reason TEXT,
        duplicate_of INTEGER,
        batch_id INTEGER,
        payload TEXT,
        values_json TEXT,
        content_hash TEXT,
        PRIMARY KEY (run_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_rows_by_fate ON run_rows(run_id, fate, seq);
      CREATE INDEX run_rows_by_batch ON run_rows(run_id, batch_id) WHERE batch_id IS NOT NULL;
      CREATE INDEX run_rows_by_email ON run_rows(email) WHERE email IS NOT NULL;
      CREATE INDEX run_rows_by_phone ON run_rows(phone) WHERE phone IS NOT NULL;
      CREATE INDEX run_rows_by_external ON run_rows(external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE run_members (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL,
        email TEXT, phone TEXT, external_id TEXT,
        matched_seq INTEGER,
        content_hash TEXT,
        PRIMARY KEY (run_id, profile_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_members_by_email ON run_members(run_id, email) WHERE email IS NOT NULL;
      CREATE INDEX run_members_by_phone ON run_members(run_id, phone) WHERE phone IS NOT NULL;
      CREATE INDEX run_members_by_external ON run_members(run_id, external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE batches (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        job_id TEXT,
        size INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, sent_at TEXT, confirmed_at TEXT,
        error_json TEXT,
        PRIMARY KEY (run_id, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE run_phases (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,
        started_at TEXT, finished_at TEXT,
        requests INTEGER NOT NULL DEFAULT 0,
        estimate_seconds REAL,
        PRIMARY KEY (run_id, phase)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE list_snapshots (
        list_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, run_id TEXT NOT NULL,
        taken_at TEXT NOT NULL, profile_count INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE snapshot_members (
        list_id TEXT NOT NULL REFERENCES list_snapshots(list_id) ON DELETE CASCADE,
        profile_id TEXT,
        email TEXT, phone TEXT, external_id TEXT
      ) STRICT;
      CREATE INDEX snapshot_members_by_list ON snapshot_members(list_id);

      CREATE TABLE list_creations (
        account_id TEXT NOT NULL, list_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX list_creations_by_account ON list_creations(account_id, created_at);
    `);
  },
};
