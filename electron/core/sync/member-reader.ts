/**
 * Reads every member of a list as fast as Klaviyo's limits allow. One cursor can only fetch a page
 * after the previous one arrived, so a sequential read is bound by latency long before it uses the
 * budget (750 pages a minute, 75 a second). Klaviyo can filter members by `joined_group_at`, so the
 * join-time range is cut into slices read side by side; when a reader runs out of slices it takes
 * the upper half of the biggest slice still being read, so uneven join times still keep every reader
 * busy. A list whose members all joined within one second is read with one cursor.
 *
 * Klaviyo gives joined_group_at to the second (the emulator too) but filters on the exact time, so
 * every slice boundary is a whole second: then a member shown as joining in second T is inside
 * [a, b) exactly when a ≤ T < b.
 */
import { throwIfCancelled } from '../tasks';
import type { KlaviyoClient, Member, MemberField } from '../klaviyo/index';

export interface MemberReaderOptions {
  client: Pick<KlaviyoClient, 'listMembersPage'>;
  listId: string;
  /** Fields beyond the identifiers to read (full-profile comparison). */
  fields: readonly MemberField[];
  /** Slices read at once (default 4). */
  readers?: number;
  signal?: AbortSignal;
  /** Receives each page as it arrives (synchronously: store it before the next one comes). */
  onMembers(members: readonly Member[]): void;
}

export interface MemberReadResult {
  pages: number;
  /** Members received (a member on a slice boundary can be received twice; storage ignores repeats). */
  received: number;
  parallel: boolean;
}

interface Slice {
  from: number;
  /** Members at or after this time belong to another slice (moved down when the slice is split). */
  stop: number;
  /** The filter's upper bound, fixed when the slice's cursor started. */
  before: number;
  lastSeen: number;
  active: boolean;
}

const PAGE = 100;
const SECOND = 1000;

/** The whole second a time falls in (slice boundaries must be whole seconds, see above). */
function second(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

function joinedAt(member: Member): number | null {
  const value = member.attributes?.joinedGroupAt;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export async function readAllMembers(options: MemberReaderOptions): Promise<MemberReadResult> {
  const { client, listId } = options;
  // One reader failing stops the others.
  const inner = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, inner.signal]) : inner.signal;
  const fields = [...new Set<MemberField>([...options.fields, 'joinedGroupAt'])];
  const readers = Math.max(1, Math.floor(options.readers ?? 4));
  const result: MemberReadResult = { pages: 0, received: 0, parallel: false };
  const take = (members: readonly Member[]) => {
    result.pages += 1;
    result.received += members.length;
    options.onMembers(members);
  };

  const sequential = async (cursor: string | null) => {
    while (cursor !== null) {
      throwIfCancelled(signal);
      const page = await client.listMembersPage(listId, { cursor, fields, pageSize: PAGE }, { signal });
      take(page.members);
      cursor = page.nextCursor;
    }
  };

  const first = await client.listMembersPage(listId, { fields, pageSize: PAGE }, { signal });
  take(first.members);
  if (first.nextCursor === null) return result;
  if (readers === 1) {
    await sequential(first.nextCursor);
    return result;
  }
  const newest = await client.listMembersPage(listId, { fields: ['joinedGroupAt'], pageSize: 1, sort: '-joined_group_at' }, { signal });
  const lastOfFirst = first.members.at(-1);
  const from = lastOfFirst ? joinedAt(lastOfFirst) : null;
  const latest = newest.members[0] ? joinedAt(newest.members[0]) : null;
  if (from === null || latest === null || second(latest) - second(from) < SECOND) {
    await sequential(first.nextCursor);
    return result;
  }

  result.parallel = true;
  // Members who joined in the first page's last second may continue past it: start there (repeats are ignored).
  const start = second(from);
  const end = second(latest) + SECOND;
  const count = readers * 4;
  const width = Math.max(SECOND, Math.ceil((end - start) / count / SECOND) * SECOND);
  const queue: Slice[] = [];
  for (let at = start; at < end; at += width) {
    const stop = Math.min(end, at + width);
    queue.push({ from: at, stop, before: stop, lastSeen: at, active: false });
  }
  const active = new Set<Slice>();

  const split = (): Slice | null => {
    let best: Slice | null = null;
    for (const slice of active) if (!best || slice.stop - slice.lastSeen > best.stop - best.lastSeen) best = slice;
    if (!best || best.stop - best.lastSeen < 2 * SECOND) return null;
    const mid = best.lastSeen + Math.floor((best.stop - best.lastSeen) / (2 * SECOND)) * SECOND;
    const upper: Slice = { from: mid, stop: best.stop, before: best.stop, lastSeen: mid, active: false };
    best.stop = mid;
    return upper;
  };

  const readSlice = async (slice: Slice) => {
    slice.active = true;
    active.add(slice);
    try {
      let cursor: string | null = null;
      do {
        throwIfCancelled(signal);
        const page = await client.listMembersPage(listId, {
          cursor, fields, pageSize: PAGE, joinedFrom: new Date(slice.from).toISOString(), joinedBefore: new Date(slice.before).toISOString(),
        }, { signal });
        // The slice may have been split while this page was on its way: the upper part is another reader's now.
        const mine = page.members.filter((m) => {
          const at = joinedAt(m);
          return at === null || at < slice.stop;
        });
        take(mine);
        const last = page.members.at(-1);
        const lastAt = last ? joinedAt(last) : null;
        if (lastAt !== null) slice.lastSeen = Math.max(slice.lastSeen, second(lastAt));
        cursor = mine.length < page.members.length ? null : page.nextCursor;
      } while (cursor !== null);
    } finally {
      active.delete(slice);
    }
  };

  const worker = async () => {
    for (;;) {
      const slice = queue.shift() ?? split();
      if (!slice) return;
      await readSlice(slice);
    }
  };
  const running = Array.from({ length: readers }, worker);
  try {
    await Promise.all(running);
  } catch (error) {
    inner.abort(error);
    await Promise.allSettled(running);
    throw error;
  }
  return result;
}
