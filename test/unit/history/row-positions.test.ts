import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionedCache, addAnchor, nearestAnchor, viewKey, type Anchor } from '../../../electron/core/history/row-positions';

describe('anchors (known positions in a view)', () => {
  it('finds the greatest anchor at or before an offset, or the start of the view', () => {
    const anchors: Anchor[] = [{ offset: 100, seq: 150 }, { offset: 200, seq: 260 }];
    expect(nearestAnchor(anchors, 50)).toEqual({ offset: 0, seq: Number.MIN_SAFE_INTEGER });
    expect(nearestAnchor(anchors, 100)).toEqual({ offset: 100, seq: 150 });
    expect(nearestAnchor(anchors, 199)).toEqual({ offset: 100, seq: 150 });
    expect(nearestAnchor(anchors, 10_000)).toEqual({ offset: 200, seq: 260 });
  });

  it('keeps anchors sorted by offset whatever order they are learnt in, one per offset', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 500 }), { maxLength: 60 }), (offsets) => {
      const anchors: Anchor[] = [];
      for (const offset of offsets) addAnchor(anchors, { offset, seq: offset * 2 });
      const distinct = [...new Set(offsets)].sort((a, b) => a - b);
      expect(anchors.map((a) => a.offset)).toEqual(distinct);
      for (const offset of distinct) expect(nearestAnchor(anchors, offset).seq).toBe(offset * 2);
    }));
  });

  it('stays bounded, still sorted, when a huge run is walked end to end', () => {
    const anchors: Anchor[] = [];
    for (let i = 1; i <= 20_000; i++) addAnchor(anchors, { offset: i * 1024, seq: i * 1100 });
    expect(anchors.length).toBeLessThanOrEqual(16_384);
    expect(anchors.every((a, i) => i === 0 || anchors[i - 1]!.offset < a.offset)).toBe(true);
    expect(nearestAnchor(anchors, 20_000 * 1024)).toEqual({ offset: 20_000 * 1024, seq: 20_000 * 1100 });
  });
});

describe('the per-view cache', () => {
  it('returns a value only under the version it was stored with', () => {
    const cache = new VersionedCache<number>();
    cache.set('a', 'completed:0', 1);
    expect(cache.get('a', 'completed:0')).toBe(1);
    expect(cache.get('a', 'completed:1')).toBeUndefined();
    // A stale entry is dropped, not kept for a later match.
    expect(cache.get('a', 'completed:0')).toBeUndefined();
  });

  it('drops the least recently used view past its capacity', () => {
    const cache = new VersionedCache<number>(2);
    cache.set('a', 'v', 1);
    cache.set('b', 'v', 2);
    cache.get('a', 'v');
    cache.set('c', 'v', 3);
    expect([cache.get('a', 'v'), cache.get('b', 'v'), cache.get('c', 'v')]).toEqual([1, undefined, 3]);
  });

  it('keys views by run, fate and search without collisions', () => {
    expect(new Set([viewKey('r', undefined), viewKey('r', 'added'), viewKey('r', undefined, 'added'), viewKey('r', 'added', 'x')]).size).toBe(4);
  });
});
