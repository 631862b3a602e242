/**
 * Each list's membership after its last completed sync (so the next plan can skip reading the whole
 * list when Klaviyo agrees nothing changed), and the lists this app created (the daily cap).
 */
import { sql, sqlJoin } from './sql';
import type { Store } from './store';
import { PLACEHOLDER_ID_PREFIX } from './runs-members-repo';

export interface SnapshotRecord {
  list_id: string;
  account_id: string;
  run_id: string;
  taken_at: string;
  profile_count: number;
}

export interface SampleMember {
  id: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

export interface SnapshotMemberRow {
  rowid: number;
  profile_id: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
}

export interface RunSnapshotsRepo {
  get(listId: string): SnapshotRecord | undefined;
  remove(listId: string): void;
  /**
   * The list after a run: the members read when planning, minus those removed, with the identifiers
   * an update gave them, plus the people added (their Klaviyo ids are not known). Returns the count.
   */
  writeFromRun(input: { listId: string; accountId: string; runId: string; takenAt: string; membersCarriedOver: boolean }): number;
  /** Of these members (by Klaviyo id, else by an identifier), the ones the snapshot does not hold. */
  missing(listId: string, sample: ReadonlyArray<SampleMember>): SampleMember[];
  /** The snapshot's members in chunks (keyset by rowid). */
  chunk(listId: string, afterRowid: number, limit: number): SnapshotMemberRow[];
  recordCreation(accountId: string, listId: string, name: string, createdAt: string): void;
  creationsSince(accountId: string, sinceIso: string): number;
}

export function createRunSnapshotsRepo(store: Store): RunSnapshotsRepo {
  const placeholder = `${PLACEHOLDER_ID_PREFIX}%`;
  return {
    get: (listId) => store.get<SnapshotRecord>(sql`SELECT list_id, account_id, run_id, taken_at, profile_count
      FROM list_snapshots WHERE list_id = ${listId}`),
    remove(listId) {
      store.run(sql`DELETE FROM list_snapshots WHERE list_id = ${listId}`);
    },
    writeFromRun({ listId, accountId, runId, takenAt, membersCarriedOver }) {
      return store.transaction(() => {
        store.run(sql`DELETE FROM list_snapshots WHERE list_id = ${listId}`);
        store.run(sql`INSERT INTO list_snapshots (list_id, account_id, run_id, taken_at, profile_count)
          VALUES (${listId}, ${accountId}, ${runId}, ${takenAt}, ${0})`);
        if (membersCarriedOver) {
          store.run(sql`INSERT INTO snapshot_members (list_id, profile_id, email, phone, external_id)
            SELECT ${listId}, CASE WHEN m.profile_id LIKE ${placeholder} THEN NULL ELSE m.profile_id END,
              CASE WHEN r.fate = 'updated' THEN coalesce(r.email, m.email) ELSE m.email END,
              CASE WHEN r.fate = 'updated' THEN coalesce(r.phone, m.phone) ELSE m.phone END,
              CASE WHEN r.fate = 'updated' THEN coalesce(r.external_id, m.external_id) ELSE m.external_id END
            FROM run_members AS m LEFT JOIN run_rows AS r ON r.run_id = m.run_id AND r.seq = m.matched_seq
            WHERE m.run_id = ${runId}`);
          store.run(sql`DELETE FROM snapshot_members WHERE list_id = ${listId} AND profile_id IN (
            SELECT profile_id FROM run_rows WHERE run_id = ${runId} AND line IS NULL AND fate = 'removed')`);
        }
        store.run(sql`INSERT INTO snapshot_members (list_id, profile_id, email, phone, external_id)
          SELECT ${listId}, profile_id, email, phone, external_id FROM run_rows
          WHERE run_id = ${runId} AND line IS NOT NULL AND fate = 'added'`);
        const count = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM snapshot_members WHERE list_id = ${listId}`)?.n ?? 0;
        store.run(sql`UPDATE list_snapshots SET profile_count = ${count} WHERE list_id = ${listId}`);
        return count;
      });
    },
    missing(listId, sample) {
      if (sample.length === 0) return [];
      // One pass over the list's snapshot per question, not one per sampled member.
      const ids = new Set(store.all<{ profile_id: string }>(sql`SELECT profile_id FROM snapshot_members
        WHERE list_id = ${listId} AND profile_id IN (${sqlJoin(sample.map((m) => m.id))})`).map((r) => r.profile_id));
      const rest = sample.filter((m) => !ids.has(m.id));
      if (rest.length === 0) return [];
      const values = (pick: (m: SampleMember) => string | null) => {
        const list = rest.map(pick).filter((v): v is string => v !== null);
        return list.length > 0 ? sqlJoin(list) : sql`NULL`;
      };
      const unknown = store.all<{ email: string | null; phone: string | null; external_id: string | null }>(sql`
        SELECT email, phone, external_id FROM snapshot_members
        WHERE list_id = ${listId} AND profile_id IS NULL
          AND (email IN (${values((m) => m.email)}) OR phone IN (${values((m) => m.phone)}) OR external_id IN (${values((m) => m.externalId)}))`);
      const known = (kind: 'email' | 'phone' | 'external_id', value: string | null) => value !== null && unknown.some((u) => u[kind] === value);
      return rest.filter((m) => !(known('email', m.email) || known('phone', m.phone) || known('external_id', m.externalId)));
    },
    chunk: (listId, afterRowid, limit) => store.all<SnapshotMemberRow>(sql`SELECT rowid, profile_id, email, phone, external_id
      FROM snapshot_members WHERE list_id = ${listId} AND rowid > ${afterRowid} ORDER BY rowid LIMIT ${limit}`),
    recordCreation(accountId, listId, name, createdAt) {
      store.run(sql`INSERT INTO list_creations (account_id, list_id, name, created_at)
        VALUES (${accountId}, ${listId}, ${name}, ${createdAt})`);
    },
    creationsSince: (accountId, sinceIso) => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM list_creations
      WHERE account_id = ${accountId} AND created_at >= ${sinceIso}`)?.n ?? 0,
  };
}
