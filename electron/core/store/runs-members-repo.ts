/**
 * The write side of `run_members`: a list's members as read when planning (from Klaviyo, or copied from
 * the last sync's snapshot). Members whose Klaviyo id the snapshot does not know get a placeholder id
 * starting with `~` (Klaviyo ids never do) until the plan learns the real one.
 */
import { sql } from './sql';
import type { Store } from './store';

export interface MemberRecord {
  profileId: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  contentHash: string | null;
}

export const PLACEHOLDER_ID_PREFIX = '~';

export interface RunMembersRepo {
  /** Inserts a page of members (a member seen twice is kept once). */
  insert(runId: string, members: readonly MemberRecord[]): void;
  count(runId: string): number;
  deleteAll(runId: string): void;
  /** Copies the list's snapshot in as this run's members; returns how many. */
  copyFromSnapshot(runId: string, listId: string): number;
  /** Replaces a placeholder id with the real one, found by an identifier. */
  learnId(runId: string, by: { email?: string; phone?: string; externalId?: string }, profileId: string): boolean;
  /** Placeholder ids of members the plan removes (mirror), with their identifiers, to look up. */
  placeholderRemovals(runId: string, limit: number): Array<{ seq: number; email: string | null; phone: string | null; external_id: string | null }>;
}

export function createRunMembersRepo(store: Store): RunMembersRepo {
  const insert = store.prepare`INSERT OR IGNORE INTO run_members (run_id, profile_id, email, phone, external_id, content_hash)
    VALUES (?, ?, ?, ?, ?, ?)`;
  return {
    insert(runId, members) {
      for (const m of members) insert.run(runId, m.profileId, m.email, m.phone, m.externalId, m.contentHash);
    },
    count: (runId) => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM run_members WHERE run_id = ${runId}`)?.n ?? 0,
    deleteAll(runId) {
      store.run(sql`DELETE FROM run_members WHERE run_id = ${runId}`);
    },
    copyFromSnapshot(runId, listId) {
      return store.run(sql`INSERT OR IGNORE INTO run_members (run_id, profile_id, email, phone, external_id)
        SELECT ${runId}, coalesce(profile_id, ${PLACEHOLDER_ID_PREFIX} || rowid), email, phone, external_id
        FROM snapshot_members WHERE list_id = ${listId}`).changes;
    },
    learnId(runId, by, profileId) {
      const placeholder = `${PLACEHOLDER_ID_PREFIX}%`;
      const condition = by.email !== undefined ? sql`email = ${by.email}`
        : by.phone !== undefined ? sql`phone = ${by.phone}`
          : by.externalId !== undefined ? sql`external_id = ${by.externalId}` : null;
      if (condition === null) return false;
      return store.run(sql`UPDATE OR IGNORE run_members SET profile_id = ${profileId}
        WHERE run_id = ${runId} AND ${condition} AND profile_id LIKE ${placeholder}`).changes > 0;
    },
    placeholderRemovals(runId, limit) {
      const placeholder = `${PLACEHOLDER_ID_PREFIX}%`;
      return store.all(sql`SELECT seq, email, phone, external_id FROM run_rows
        WHERE run_id = ${runId} AND line IS NULL AND planned = 'remove' AND profile_id LIKE ${placeholder}
        ORDER BY seq LIMIT ${limit}`);
    },
  };
}
