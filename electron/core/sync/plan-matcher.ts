/**
 * Email matches made while the file is staged: each row looks for a member already read. Members read
 * later are matched to the remaining rows in one set-based pass at the end of the plan (RunDiffRepo
 * finish): probing row by row as member pages arrive would hold up the requests for the next pages, and
 * the bulk pass costs a fraction of it. The decision itself is pure (`plannedFor`).
 */
import type { MatchMember, MatchRow, RunDiffRepo } from '../store/runs-diff';

export interface RowIdentifiers {
  email: string | null;
  phone: string | null;
  external_id: string | null;
  content_hash: string | null;
}

/**
 * A matched row changes nothing when every identifier it carries is already the member's and, in
 * full-profile mode, the mapped content is the same. Otherwise it is an update (which also adds an
 * identifier the member lacks).
 */
export function plannedFor(row: RowIdentifiers, member: Omit<MatchMember, 'matched_seq' | 'profile_id'>, compareContent: boolean): 'update' | 'unchanged' {
  const same = (ours: string | null, theirs: string | null) => ours === null || ours === theirs;
  const identifiersSame = same(row.email, member.email) && same(row.phone, member.phone) && same(row.external_id, member.external_id);
  const contentSame = !compareContent || row.content_hash === null || row.content_hash === member.content_hash;
  return identifiersSame && contentSame ? 'unchanged' : 'update';
}

export interface PlanMatcher {
  /** A row was staged (or patched while still unmatched). */
  rowStored(row: MatchRow): void;
  /** A staged row that already has a member was patched: its action may have changed. */
  rowChanged(row: MatchRow, profileId: string): void;
}

export function createPlanMatcher(diff: RunDiffRepo, runId: string, compareContent: boolean): PlanMatcher {
  return {
    rowStored(row) {
      if (row.email === null) return;
      const member = diff.memberByEmail(runId, row.email);
      if (member) diff.setMatch(runId, row.seq, member.profile_id, plannedFor(row, member, compareContent));
    },
    rowChanged(row, profileId) {
      const member = diff.memberById(runId, profileId);
      if (member) diff.setMatch(runId, row.seq, profileId, plannedFor(row, member, compareContent));
    },
  };
}
