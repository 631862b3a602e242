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
  /** Slices read at once, at most (default 4). */
  readers?: number;
  /**
   * Milliseconds between two requests when the burst budget is used at full speed (1 s / 75 for
   * Klaviyo, shorter under a time-scaled emulator). When one cursor's round trip is shorter, one cursor
   * already keeps up with the budget and slices would only cost the server extra work; when it is
   * longer (Klaviyo over the internet), enough slices are read at once to fill the budget.
   */
  requestIntervalMs?: number;
  signal?: AbortSignal;
  /** Receives each page as it arrives (synchronously: store it before the next one comes). */
  onMembers(members: readonly Member[]): void;
}

export interface MemberReadResult {
  pages: number;
  /** Members received (a member on a slice boundary can be received twice; storage ignores repeats). */
  received: number;
  parallel: boolean;
  /** A warm page's round trip (ms), when more than one page was read. */
  roundTripMs: number | null;
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
/** Pages read with one plain cursor before deciding how many readers the list needs. */
const WARM_UP_PAGES = 5;
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
  const maxReaders = Math.max(1, Math.floor(options.readers ?? 4));
  const result: MemberReadResult = { pages: 0, received: 0, parallel: false, roundTripMs: null };
  const take = (members: readonly Member[]) => {
    result.pages += 1;
    result.received += members.length;
    options.onMembers(members);
  };

  // Start with one plain cursor (join order). Its first pages tell the round trip; when one cursor keeps
  // up with the budget it simply goes on to the end. Otherwise it becomes the first slice: it stops where
  // the next slice begins.
  const cursorSlice: Slice = { from: -Infinity, stop: Infinity, before: Infinity, lastSeen: -Infinity, active: true };
  let cursor: string | null = null;
  const trips: number[] = [];
  const readPlain = async (): Promise<boolean> => {
    throwIfCancelled(signal);
    const started = performance.now();
    const page = await client.listMembersPage(listId, { cursor, fields, pageSize: PAGE }, { signal });
    trips.push(performance.now() - started);
    const mine = page.members.filter((m) => {
      const at = joinedAt(m);
      return at === null || at < cursorSlice.stop;
    });
    take(mine);
    const lastAt = page.members.length > 0 ? joinedAt(page.members[page.members.length - 1] as Member) : null;
    if (lastAt !== null) cursorSlice.lastSeen = Math.max(cursorSlice.lastSeen, second(lastAt));
    cursor = mine.length < page.members.length ? null : page.nextCursor;
    return cursor !== null;
  };

  for (let i = 0; i < WARM_UP_PAGES; i++) if (!(await readPlain())) return result;
  // The first round trip pays for the connection: judge by the median of the warm ones.
  const warm = trips.slice(1).sort((a, b) => a - b);
  const roundTripMs = warm[Math.floor(warm.length / 2)] ?? trips[0] ?? 0;
  result.roundTripMs = roundTripMs;
  const readers = options.requestIntervalMs === undefined
    ? maxReaders
    // One slice per three intervals of round trip: a slice costs Klaviyo a filtered walk and us its edges, and
    // a cursor within a few times the burst pace loses little (only the bursts wait on it, not the minute).
    : Math.max(1, Math.min(maxReaders, Math.floor(roundTripMs / (3 * options.requestIntervalMs))));
  const newest = readers > 1
    ? await client.listMembersPage(listId, { fields: ['joinedGroupAt'], pageSize: 1, sort: '-joined_group_at' }, { signal })
    : null;
  const latest = newest?.members[0] ? joinedAt(newest.members[0]) : null;
  if (readers === 1 || latest === null || second(latest) - cursorSlice.lastSeen < 2 * SECOND) {
    while (await readPlain());
    return result;
  }

  result.parallel = true;
  // The plain cursor keeps the second it is in (members of one second may span pages); slices take the rest.
  const start = cursorSlice.lastSeen + SECOND;
  const end = second(latest) + SECOND;
  const count = readers * 2 - 1;
  const width = Math.max(SECOND, Math.ceil((end - start) / count / SECOND) * SECOND);
  cursorSlice.stop = start;
  const queue: Slice[] = [];
  for (let at = start; at < end; at += width) {
    const stop = Math.min(end, at + width);
    queue.push({ from: at, stop, before: stop, lastSeen: at, active: false });
  }
  const active = new Set<Slice>([cursorSlice]);

  const split = (): Slice | null => {
    let best: Slice | null = null;
    for (const slice of active) {
      if (slice.stop === Infinity) continue;
      if (!best || slice.stop - slice.lastSeen > best.stop - best.lastSeen) best = slice;
    }
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
      let sliceCursor: string | null = null;
      do {
        throwIfCancelled(signal);
        const page = await client.listMembersPage(listId, {
          cursor: sliceCursor, fields, pageSize: PAGE, joinedFrom: new Date(slice.from).toISOString(), joinedBefore: new Date(slice.before).toISOString(),
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
        sliceCursor = mine.length < page.members.length ? null : page.nextCursor;
      } while (sliceCursor !== null);
    } finally {
      active.delete(slice);
    }
  };

  const plainReader = async () => {
    try {
      while (await readPlain());
    } finally {
      active.delete(cursorSlice);
    }
  };

  const worker = async () => {
    for (;;) {
      const slice = queue.shift() ?? split();
      if (!slice) return;
      await readSlice(slice);
    }
  };
  const running = [plainReader().then(worker), ...Array.from({ length: readers - 1 }, worker)];
  try {
    await Promise.all(running);
  } catch (error) {
    inner.abort(error);
    await Promise.allSettled(running);
    throw error;
  }
  return result;
}
