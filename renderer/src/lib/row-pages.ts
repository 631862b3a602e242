/**
 * Paging for the virtualized row-fates table: which pages the visible rows need, and a small cache
 * that forgets the least recently used pages so scrolling through a million rows keeps memory flat.
 */
export const ROWS_PAGE_SIZE = 200;

/**
 * Chromium caps an element's height at 33,554,432 px (measured: a taller one is clipped there, and
 * its last rows can never be scrolled to). At 28 px a row that is 1,198,372 rows; the table shows at
 * most this many at a time, with a margin, and offers the next window beyond it, so every row stays
 * reachable. A million-line file's run, with its removals, fits in one.
 */
export const ROWS_WINDOW = 1_150_000;

/** Page indexes covering rows [first, last] (inclusive), within total. */
export function pagesForRange(first: number, last: number, total: number, pageSize = ROWS_PAGE_SIZE): number[] {
  if (total <= 0 || last < first) return [];
  const lo = Math.max(0, Math.floor(Math.max(0, first) / pageSize));
  const hi = Math.floor(Math.min(total - 1, last) / pageSize);
  const pages: number[] = [];
  for (let p = lo; p <= hi; p += 1) pages.push(p);
  return pages;
}

export interface RowWindow {
  /** Absolute index of the window's first row. */
  start: number;
  /** Rows in this window. */
  count: number;
  index: number;
  windows: number;
}

/** The slice of rows the table shows when a result is bigger than one window. */
export function rowWindow(total: number, windowIndex: number, size = ROWS_WINDOW): RowWindow {
  const windows = Math.max(1, Math.ceil(total / size));
  const index = Math.min(Math.max(0, windowIndex), windows - 1);
  const start = index * size;
  return { start, count: Math.max(0, Math.min(size, total - start)), index, windows };
}

/** A least-recently-used map with a fixed capacity. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
