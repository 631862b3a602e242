/**
 * The plan's diff, in SQLite so it scales to millions of rows and members without holding them in
 * memory. Each accepted row is matched to a member by email, else phone number, else external id (the
 * identifiers Klaviyo itself resolves profiles by).
 *
 * Rows staged after their member was read are matched by email as they are stored (that work hides in
 * the gaps of the list's read); everything else is matched in set-based passes at the end: email, then
 * phone, then external id for rows still unmatched, then the `add` and mirror-mode `remove` decisions.
 */
import { sql } from './sql';
import type { Store } from './store';

export interface MatchRow {
  seq: number;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  content_hash: string | null;
}

export interface MatchMember {
  profile_id: string;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  content_hash: string | null;
  matched_seq: number | null;
}

export interface SampleRow {
  line: number | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  profile_id: string | null;
}

export interface RunDiffRepo {
  memberByEmail(runId: string, email: string): MatchMember | undefined;
  memberById(runId: string, profileId: string): MatchMember | undefined;
  /** Records a match: the row's member and its planned action. */
  setMatch(runId: string, seq: number, profileId: string, planned: 'update' | 'unchanged'): void;
  /** The end of the diff: phone and external-id matches, adds, and (mirror) removals. */
  finish(runId: string, options: { mirror: boolean; compareContent: boolean }): void;
  /**
   * Bookkeeping the plan's decisions do not need, left for the run's idle moments: rows that change
   * nothing become `unchanged`, and each member records the first row that matched it. For the rows
   * with seq in [fromSeq, toSeq]; run over ascending chunks; idempotent.
   */
  settle(runId: string, fromSeq: number, toSeq: number): void;
  /** Undoes every match (before diffing again against a fresh read of the members). */
  reset(runId: string): void;
  /** Forgets the members' matches (the file is being staged again from the top). */
  clearMemberMatches(runId: string): void;
  samples(runId: string, planned: 'add' | 'update' | 'unchanged' | 'remove', limit: number): SampleRow[];
  maxLine(runId: string): number;
}

export function createRunDiffRepo(store: Store): RunDiffRepo {
  // Without statistics SQLite prefers the primary key's run_id prefix (a scan of the run's members) to this index.
  const byEmail = store.prepare`SELECT profile_id, email, phone, external_id, content_hash, matched_seq
    FROM run_members INDEXED BY run_members_by_email WHERE run_id = ? AND email = ?`;
  const byId = store.prepare`SELECT profile_id, email, phone, external_id, content_hash, matched_seq FROM run_members
    WHERE run_id = ? AND profile_id = ?`;
  // Only the row is touched here (no indexed column changes, so it is one b-tree write); the members'
  // matched_seq and the fates are set by settle(), in bulk and in key order, which costs far less.
  const setRow = store.prepare`UPDATE run_rows SET profile_id = ?, planned = ? WHERE run_id = ? AND seq = ?`;
  const maxLine = (runId: string) =>
    store.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM run_rows WHERE run_id = ${runId} AND line IS NOT NULL`)?.n ?? 0;

  return {
    maxLine,
    memberByEmail: (runId, email) => byEmail.get<MatchMember>(runId, email),
    memberById: (runId, profileId) => byId.get<MatchMember>(runId, profileId),
    setMatch(runId, seq, profileId, planned) {
      setRow.run(profileId, planned, runId, seq);
    },
    finish(runId, options) {
      store.transaction(() => {
        // Email first (rows staged before their member was read), then phone, then external id.
        for (const column of ['email', 'phone', 'external_id'] as const) {
          const match = column === 'email' ? sql`m.email = run_rows.email`
            : column === 'phone' ? sql`m.phone = run_rows.phone` : sql`m.external_id = run_rows.external_id`;
          const present = column === 'email' ? sql`run_rows.email IS NOT NULL`
            : column === 'phone' ? sql`run_rows.phone IS NOT NULL` : sql`run_rows.external_id IS NOT NULL`;
          store.run(sql`UPDATE run_rows SET profile_id = m.profile_id FROM run_members AS m
            WHERE run_rows.run_id = ${runId} AND run_rows.fate = 'pending' AND run_rows.line IS NOT NULL
              AND run_rows.profile_id IS NULL AND ${present} AND m.run_id = ${runId} AND ${match}`);
        }
        const compare = options.compareContent ? 1 : 0;
        store.run(sql`UPDATE run_rows SET planned = CASE
            WHEN run_rows.profile_id IS NULL THEN 'add'
            ELSE (SELECT CASE
                WHEN (run_rows.email IS NULL OR run_rows.email = m.email)
                  AND (run_rows.phone IS NULL OR run_rows.phone = m.phone)
                  AND (run_rows.external_id IS NULL OR run_rows.external_id = m.external_id)
                  AND (${compare} = 0 OR run_rows.content_hash IS NULL OR run_rows.content_hash = m.content_hash)
                THEN 'unchanged' ELSE 'update' END
              FROM run_members AS m WHERE m.run_id = run_rows.run_id AND m.profile_id = run_rows.profile_id)
          END
          WHERE run_id = ${runId} AND fate = 'pending' AND line IS NOT NULL AND planned IS NULL`);
        if (options.mirror) {
          const base = maxLine(runId);
          // Members no row matched (the matched ids become one temporary index, probed once per member),
          // except those a rejected line names by email: the file meant them, it only had another problem.
          store.run(sql`INSERT INTO run_rows (run_id, seq, line, fate, planned, email, phone, external_id, profile_id)
            SELECT ${runId}, ${base} + row_number() OVER (ORDER BY profile_id), NULL, 'pending', 'remove', email, phone, external_id, profile_id
            FROM run_members WHERE run_id = ${runId} AND profile_id NOT IN (
              SELECT profile_id FROM run_rows WHERE run_id = ${runId} AND line IS NOT NULL AND profile_id IS NOT NULL)
              AND (email IS NULL OR email NOT IN (
                SELECT email FROM run_rows WHERE run_id = ${runId} AND line IS NOT NULL AND fate = 'rejected' AND email IS NOT NULL))`);
        }
      });
    },
    settle(runId, fromSeq, toSeq) {
      store.transaction(() => {
        store.run(sql`UPDATE run_rows SET fate = 'unchanged'
          WHERE run_id = ${runId} AND fate = 'pending' AND planned = 'unchanged' AND seq BETWEEN ${fromSeq} AND ${toSeq}`);
        // Chunks go in seq order, so the first chunk that matches a member holds its first matching row.
        store.run(sql`UPDATE run_members SET matched_seq = r.seq FROM (
            SELECT profile_id, min(seq) AS seq FROM run_rows
            WHERE run_id = ${runId} AND seq BETWEEN ${fromSeq} AND ${toSeq} AND line IS NOT NULL AND profile_id IS NOT NULL
            GROUP BY profile_id
          ) AS r
          WHERE run_members.run_id = ${runId} AND run_members.profile_id = r.profile_id AND run_members.matched_seq IS NULL`);
      });
    },
    reset(runId) {
      store.transaction(() => {
        store.run(sql`DELETE FROM run_rows WHERE run_id = ${runId} AND line IS NULL`);
        store.run(sql`UPDATE run_rows SET profile_id = NULL, planned = NULL, fate = 'pending'
          WHERE run_id = ${runId} AND line IS NOT NULL AND fate IN ('pending', 'unchanged')`);
        store.run(sql`DELETE FROM run_members WHERE run_id = ${runId}`);
      });
    },
    clearMemberMatches(runId) {
      store.run(sql`UPDATE run_members SET matched_seq = NULL WHERE run_id = ${runId} AND matched_seq IS NOT NULL`);
    },
    samples(runId, planned, limit) {
      if (planned === 'remove') {
        return store.all<SampleRow>(sql`SELECT line, email, phone, external_id, profile_id FROM run_rows
          WHERE run_id = ${runId} AND seq > ${maxLine(runId)} AND planned = 'remove' ORDER BY seq LIMIT ${limit}`);
      }
      return store.all<SampleRow>(sql`SELECT line, email, phone, external_id, profile_id FROM run_rows
        WHERE run_id = ${runId} AND planned = ${planned} AND line IS NOT NULL ORDER BY seq LIMIT ${limit}`);
    },
  };
}
