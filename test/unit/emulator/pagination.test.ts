import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KlaviyoApiError } from '../../klaviyo-emulator/errors';
import { MemberList, type Membership } from '../../klaviyo-emulator/member-list';
import { collectionLinks, decodeCursor, encodeCursor, pageSize, paginate, sortedWalk, type Cursor, type Page } from '../../klaviyo-emulator/pagination';

function pageThrough(list: MemberList, size: number): string[] {
  const seen: string[] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const page: Page<Membership> = paginate((dir, from) => list.walk(dir === 'forward' ? 'asc' : 'desc', typeof from === 'number' ? from : null), (m) => m.seq, cursor, size);
    seen.push(...page.items.map((m) => m.profileId));
    if (page.next === null) return seen;
    cursor = { direction: 'next', key: page.next };
  }
}

describe('cursor pagination', () => {
  it('round-trips cursors and refuses tampered ones', () => {
    const cursor: Cursor = { direction: 'prev', key: ['Name, with comma', 42] };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('not-a-cursor')).toThrow(KlaviyoApiError);
    expect(() => decodeCursor(Buffer.from('next::{"a":1}').toString('base64url'))).toThrow(KlaviyoApiError);
  });

  it('reads page[size] within the range, with its default', () => {
    const range = { default: 20, min: 1, max: 100 };
    expect(pageSize(new URLSearchParams(''), range)).toBe(20);
    expect(pageSize(new URLSearchParams('page[size]=100'), range)).toBe(100);
    for (const bad of ['0', '101', '1.5', 'x']) expect(() => pageSize(new URLSearchParams(`page[size]=${bad}`), range)).toThrow(KlaviyoApiError);
  });

  it('visits every member exactly once, whatever the page size', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 100 }), (n, size) => {
      const list = new MemberList();
      for (let i = 0; i < n; i += 1) list.add(`p${i}`, 0);
      expect(pageThrough(list, size)).toEqual(list.ids());
    }));
  });

  it('never repeats or skips a surviving member when members are removed between pages', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 199 }), { maxLength: 120 }), (removals) => {
      const list = new MemberList();
      for (let i = 0; i < 200; i += 1) list.add(`p${i}`, 0);
      const seen: string[] = [];
      let cursor: Cursor | null = null;
      let r = 0;
      for (;;) {
        const page: Page<Membership> = paginate((dir, from) => list.walk(dir === 'forward' ? 'asc' : 'desc', typeof from === 'number' ? from : null), (m) => m.seq, cursor, 17);
        seen.push(...page.items.map((m) => m.profileId));
        for (let k = 0; k < 10 && r < removals.length; k += 1, r += 1) list.remove(`p${removals[r]}`);
        if (page.next === null) break;
        cursor = { direction: 'next', key: page.next };
      }
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of list.ids()) expect(seen).toContain(id); // survivors were all visited
    }));
  });

  it('pages backwards from a prev cursor to the same items', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ name: `n${String(i).padStart(2, '0')}` }));
    const walk = sortedWalk(items, (x) => x.name, false);
    const first = paginate(walk, (x) => x.name, null, 10);
    const second = paginate(walk, (x) => x.name, { direction: 'next', key: first.next ?? '' }, 10);
    const back = paginate(walk, (x) => x.name, { direction: 'prev', key: second.prev ?? '' }, 10);
    expect(back.items).toEqual(first.items);
    expect(back.prev).toBeNull();
  });

  it('builds absolute links on the link base, keeping the other query parameters', () => {
    const links = collectionLinks('https://a.klaviyo.com', '/api/lists', new URLSearchParams('filter=equals(name,"a b")&page[size]=5'), { items: [], next: 7, prev: null });
    expect(links.self).toBe('https://a.klaviyo.com/api/lists/?filter=equals%28name%2C%22a+b%22%29&page%5Bsize%5D=5');
    expect(links.prev).toBeNull();
    const next = new URL(links.next ?? '');
    expect(next.origin).toBe('https://a.klaviyo.com');
    expect(next.searchParams.get('filter')).toBe('equals(name,"a b")');
    expect(decodeCursor(next.searchParams.get('page[cursor]') ?? '')).toEqual({ direction: 'next', key: 7 });
  });
});
