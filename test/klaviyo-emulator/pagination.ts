/**
 * Cursor pagination as Klaviyo does it: an opaque `page[cursor]`, and `links.self/next/prev` as
 * absolute URLs on `linkBase` (https://a.klaviyo.com by default), so a client must extract the
 * cursor rather than follow the URL to wherever it came from. A cursor names the sort key of the
 * item it stops at, so removals and additions elsewhere never shift a page.
 */
import { invalidParameter } from './errors';

export type CursorKey = number | string | Array<number | string>;

export interface Cursor {
  direction: 'next' | 'prev';
  key: CursorKey;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.direction}::${JSON.stringify(cursor.key)}`, 'utf8').toString('base64url');
}

function isKey(value: unknown): value is CursorKey {
  if (typeof value === 'number' || typeof value === 'string') return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string');
}

export function decodeCursor(text: string): Cursor {
  const fail = () => invalidParameter('page[cursor]', 'Invalid cursor. Use the cursor from links.next or links.prev of a previous page.');
  let decoded: string;
  try {
    decoded = Buffer.from(text, 'base64url').toString('utf8');
  } catch {
    throw fail();
  }
  const m = /^(next|prev)::(.+)$/s.exec(decoded);
  if (!m || !m[2]) throw fail();
  let key: unknown;
  try {
    key = JSON.parse(m[2]);
  } catch {
    throw fail();
  }
  if (!isKey(key)) throw fail();
  return { direction: m[1] === 'prev' ? 'prev' : 'next', key };
}

/** `page[size]` within the operation's range, with its default. */
export function pageSize(query: URLSearchParams, range: { default: number; min: number; max: number }): number {
  const raw = query.get('page[size]');
  if (raw === null) return range.default;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw invalidParameter('page[size]', `Page size must be an integer between ${range.min} and ${range.max}.`);
  }
  const size = Number(raw);
  if (size < range.min || size > range.max) {
    throw invalidParameter('page[size]', `Page size must be an integer between ${range.min} and ${range.max}.`);
  }
  return size;
}

export function readCursor(query: URLSearchParams): Cursor | null {
  const raw = query.get('page[cursor]');
  return raw === null || raw === '' ? null : decodeCursor(raw);
}

/** Walks items beyond `from` (exclusive) forwards or backwards in the page order. */
export type Walk<T> = (direction: 'forward' | 'backward', from: CursorKey | null) => Iterable<T>;

export interface Page<T> {
  items: T[];
  next: CursorKey | null;
  prev: CursorKey | null;
}

function take<T>(iterable: Iterable<T>, n: number, keep: (item: T) => boolean): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of iterable) {
    if (!keep(item)) continue;
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

/** One page: the items, and the keys for the next and previous cursors (null at either end). */
export function paginate<T>(walk: Walk<T>, keyOf: (item: T) => CursorKey, cursor: Cursor | null, size: number, keep: (item: T) => boolean = () => true): Page<T> {
  if (cursor?.direction === 'prev') {
    const before = take(walk('backward', cursor.key), size + 1, keep);
    const items = before.slice(0, size).reverse();
    const last = items[items.length - 1];
    const first = items[0];
    return {
      items,
      prev: before.length > size && first ? keyOf(first) : null,
      next: last ? keyOf(last) : null,
    };
  }
  const after = take(walk('forward', cursor?.key ?? null), size + 1, keep);
  const items = after.slice(0, size);
  const first = items[0];
  const last = items[items.length - 1];
  const hasPrev = cursor !== null && first !== undefined && take(walk('backward', keyOf(first)), 1, keep).length > 0;
  return {
    items,
    next: after.length > size && last ? keyOf(last) : null,
    prev: hasPrev && first ? keyOf(first) : null,
  };
}

/** Compares cursor keys element by element (numbers numerically, strings by code point). */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  const xs = Array.isArray(a) ? a : [a];
  const ys = Array.isArray(b) ? b : [b];
  for (let i = 0; i < Math.max(xs.length, ys.length); i += 1) {
    const x = xs[i];
    const y = ys[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * A walk over an array sorted in page order by `compare` (small collections: lists, segments,
 * jobs, filtered candidates). Pass a reversed comparator for a descending sort.
 */
export function arrayWalk<T>(sorted: T[], keyOf: (item: T) => CursorKey, compare: (a: CursorKey, b: CursorKey) => number = compareKeys): Walk<T> {
  return function* walk(direction, from) {
    if (direction === 'forward') {
      for (const item of sorted) if (from === null || compare(keyOf(item), from) > 0) yield item;
    } else {
      for (let i = sorted.length - 1; i >= 0; i -= 1) {
        const item = sorted[i];
        if (item !== undefined && (from === null || compare(keyOf(item), from) < 0)) yield item;
      }
    }
  };
}

/** Sorts a small collection by key (descending when asked) and walks it. */
export function sortedWalk<T>(items: T[], keyOf: (item: T) => CursorKey, descending: boolean): Walk<T> {
  const compare = descending ? (a: CursorKey, b: CursorKey) => compareKeys(b, a) : compareKeys;
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  return arrayWalk(sorted, keyOf, compare);
}

export interface CollectionLinks {
  self: string;
  next: string | null;
  prev: string | null;
}

/** Absolute links for a collection response, keeping the request's other query parameters. */
export function collectionLinks(linkBase: string, path: string, query: URLSearchParams, page: Page<unknown>): CollectionLinks {
  const base = `${linkBase}${path.endsWith('/') ? path : `${path}/`}`;
  const withCursor = (cursor: Cursor | null): string => {
    const q = new URLSearchParams(query);
    if (cursor) q.set('page[cursor]', encodeCursor(cursor));
    const text = q.toString();
    return text ? `${base}?${text}` : base;
  };
  const selfQuery = query.toString();
  return {
    self: selfQuery ? `${base}?${selfQuery}` : base,
    next: page.next === null ? null : withCursor({ direction: 'next', key: page.next }),
    prev: page.prev === null ? null : withCursor({ direction: 'prev', key: page.prev }),
  };
}
