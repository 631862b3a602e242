/**
 * A list's members in the order they joined. Each membership gets an ever-increasing sequence
 * number; a cursor is "the seq of the last member you saw", so paging survives concurrent removals
 * (nothing shifts) and additions (they land after every cursor). Removal leaves a tombstone that
 * the next read compacts away, so reading a page is a binary search plus the page itself:
 * O(log n + page size) in the steady state.
 */
export interface Membership {
  profileId: string;
  seq: number;
  joinedAt: number;
  removed: boolean;
}

export type Direction = 'asc' | 'desc';

export class MemberList {
  private entries: Membership[] = [];
  private readonly byProfile = new Map<string, Membership>();
  private nextSeq = 1;
  private tombstones = 0;

  get size(): number {
    return this.byProfile.size;
  }

  get(profileId: string): Membership | undefined {
    return this.byProfile.get(profileId);
  }

  /** Adds a member; a profile already on the list keeps its place and join time. */
  add(profileId: string, now: number): boolean {
    if (this.byProfile.has(profileId)) return false;
    const membership: Membership = { profileId, seq: this.nextSeq, joinedAt: now, removed: false };
    this.nextSeq += 1;
    this.entries.push(membership);
    this.byProfile.set(profileId, membership);
    return true;
  }

  remove(profileId: string): boolean {
    const membership = this.byProfile.get(profileId);
    if (!membership) return false;
    membership.removed = true;
    this.byProfile.delete(profileId);
    this.tombstones += 1;
    return true;
  }

  private compact(): void {
    if (this.tombstones === 0) return;
    this.entries = this.entries.filter((m) => !m.removed);
    this.tombstones = 0;
  }

  /** Index of the first entry with seq > `seq`. */
  private upperBound(seq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid]?.seq ?? 0) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Members strictly beyond `from` (a seq) in `direction`, starting at the beginning when `from`
   * is null, yielding lazily so callers can apply a predicate and stop after a page.
   */
  *walk(direction: Direction, from: number | null): Generator<Membership> {
    this.compact();
    const entries = this.entries;
    if (direction === 'asc') {
      for (let i = from === null ? 0 : this.upperBound(from); i < entries.length; i += 1) {
        const m = entries[i];
        if (m && !m.removed) yield m;
      }
    } else {
      const start = from === null ? entries.length - 1 : this.upperBound(from - 1) - 1;
      for (let i = start; i >= 0; i -= 1) {
        const m = entries[i];
        if (m && !m.removed) yield m;
      }
    }
  }

  /**
   * The seq just before the first member who joined at or after `joinedAt` (strictly after when not
   * inclusive): members join in seq order, so join times ascend with seq and a binary search finds it.
   */
  seqBeforeJoin(joinedAt: number, inclusive: boolean): number {
    this.compact();
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.entries[mid]?.joinedAt ?? 0;
      if (inclusive ? at < joinedAt : at <= joinedAt) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (this.entries[lo - 1]?.seq ?? 0);
  }

  /** Every current member id, in join order. */
  ids(): string[] {
    this.compact();
    return this.entries.map((m) => m.profileId);
  }
}
