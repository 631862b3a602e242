import { describe, expect, it } from 'vitest';
import { chartGeometry, niceCeiling } from '../../../renderer/src/lib/chart';
import { LruCache, pagesForRange, rowWindow, ROWS_WINDOW } from '../../../renderer/src/lib/row-pages';
import { reachableSteps, SYNC_STEPS, mapBlockers } from '../../../renderer/src/lib/steps';

const box = { width: 400, height: 200, padLeft: 40, padRight: 10, padTop: 10, padBottom: 20 };
const point = (size: number, added: number, removed: number, i: number) => ({ at: `2025-01-0${i + 1}T00:00:00Z`, runId: `r${i}`, size, added, removed });

describe('niceCeiling', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(1800)).toBe(2000);
    expect(niceCeiling(2100)).toBe(2500);
    expect(niceCeiling(0)).toBe(1);
  });
});

describe('chartGeometry', () => {
  const g = chartGeometry([point(1000, 1000, 0, 0), point(1500, 700, 200, 1), point(500, 0, 1000, 2)], box);
  it('spreads points from the left to the right edge', () => {
    expect(g.points[0]?.x).toBe(40);
    expect(g.points[2]?.x).toBe(390);
  });
  it('draws bigger lists higher up', () => {
    const [a, b, c] = g.points;
    expect(b!.y).toBeLessThan(a!.y);
    expect(c!.y).toBeGreaterThan(a!.y);
    expect(g.sizePath.startsWith('M40 ')).toBe(true);
  });
  it('puts adds above the change baseline and removes below, scaled to the biggest change', () => {
    const [first, , last] = g.bars;
    expect(first!.addY + first!.addHeight).toBeCloseTo(g.changeBaseline, 0);
    expect(first!.removeHeight).toBe(0);
    expect(last!.removeY).toBe(g.changeBaseline);
    expect(last!.removeHeight).toBeCloseTo(first!.addHeight, 0);
  });
  it('centres a single point', () => {
    expect(chartGeometry([point(10, 10, 0, 0)], box).points[0]?.x).toBe(215);
  });
});

describe('pagesForRange', () => {
  it('lists the pages a visible range touches, within the total', () => {
    expect(pagesForRange(0, 30, 1000, 200)).toEqual([0]);
    expect(pagesForRange(190, 410, 1000, 200)).toEqual([0, 1, 2]);
    expect(pagesForRange(990, 1200, 1000, 200)).toEqual([4]);
    expect(pagesForRange(0, 10, 0, 200)).toEqual([]);
  });
});

describe('rowWindow', () => {
  it('keeps a million-line run with its removals in one window, within Chromium’s height limit', () => {
    expect(rowWindow(1_100_000, 0)).toEqual({ start: 0, count: 1_100_000, index: 0, windows: 1 });
    expect(ROWS_WINDOW * 28).toBeLessThan(33_554_432);
  });
  it('splits bigger results and clamps the window index', () => {
    expect(rowWindow(2_500_000, 2, 1_000_000)).toEqual({ start: 2_000_000, count: 500_000, index: 2, windows: 3 });
    expect(rowWindow(2_500_000, 9, 1_000_000).index).toBe(2);
    expect(rowWindow(0, 0)).toMatchObject({ count: 0, windows: 1 });
  });
});

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<number, string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    cache.get(1);
    cache.set(3, 'c');
    expect(cache.has(1)).toBe(true);
    expect(cache.has(2)).toBe(false);
    expect(cache.size).toBe(2);
  });
});

describe('steps', () => {
  it('lets the person go back to any earlier step until a run starts', () => {
    expect([...reachableSteps(SYNC_STEPS, 'review', false)]).toEqual(['load', 'map', 'list', 'review']);
    expect([...reachableSteps(SYNC_STEPS, 'run', true)]).toEqual(['run']);
  });
  it('blocks the Map step without an identifier, merging the preview’s problems without repeats', () => {
    const mapping = { defaultRegion: 'US', columns: [{ index: 0, header: 'name', target: { kind: 'field' as const, field: 'first_name' as const } }] };
    const blockers = mapBlockers(mapping, ['Only one column can be Email; now: "a", "b".', 'Only one column can be Email; now: "a", "b".']);
    expect(blockers).toHaveLength(2);
    expect(blockers[0]).toMatch(/identifier/);
    expect(mapBlockers(null)).toEqual(['Load a file first.']);
  });
});

describe('chart ticks', () => {
  it('labels the middle of the size axis only when it is a whole number', () => {
    const odd = chartGeometry([point(4, 4, 0, 0)], box);
    expect(odd.yTicks.map((t) => t.value)).toEqual([0, 5]);
    const even = chartGeometry([point(1800, 0, 0, 0)], box);
    expect(even.yTicks.map((t) => t.value)).toEqual([0, 1000, 2000]);
  });
});
