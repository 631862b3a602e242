import { describe, expect, it } from 'vitest';
import {
  formatBytes, formatCount, formatCountdown, formatDuration, formatEta, formatPercent, formatRate, plural, secondsBetween,
} from '../../../renderer/src/lib/format';

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });
  it('rounds fractions and shows a dash for missing numbers', () => {
    expect(formatCount(2.6)).toBe('3');
    expect(formatCount(Number.NaN)).toBe('–');
  });
});

describe('plural', () => {
  it('uses the singular only for exactly one', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2500, 'person', 'people')).toBe('2,500 people');
  });
});

describe('formatPercent', () => {
  it('keeps a decimal for small non-zero shares so they do not read as zero', () => {
    expect(formatPercent(0.004)).toBe('0.4%');
    expect(formatPercent(0)).toBe('0%');
  });
  it('never rounds an incomplete share up to 100%', () => {
    expect(formatPercent(0.996)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
  });
});

describe('formatDuration', () => {
  it('writes at most two units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3840)).toBe('1 h 4 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59)).toBe('2 d 3 h');
  });
  it('drops a zero second unit', () => {
    expect(formatDuration(120)).toBe('2 min');
  });
  it('shows a dash for impossible durations', () => {
    expect(formatDuration(-1)).toBe('–');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatEta', () => {
  it('says less than a minute below 60 seconds and about N otherwise', () => {
    expect(formatEta(12)).toBe('less than a minute left');
    expect(formatEta(3840)).toBe('about 1 h 4 min left');
  });
  it('returns null when the ETA is unknown', () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(Number.NaN)).toBeNull();
  });
});

describe('formatRate', () => {
  it('switches to per minute below one per second', () => {
    expect(formatRate(0.5, 'pages')).toBe('30 pages/min');
    expect(formatRate(1234.4, 'rows')).toBe('1,234 rows/s');
  });
  it('shows a dash when nothing moves', () => {
    expect(formatRate(0, 'rows')).toBe('– rows/s');
  });
});

describe('formatBytes', () => {
  it('uses binary steps with one decimal below ten', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(113 * 1024 * 1024)).toBe('113 MB');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
  });
});

describe('secondsBetween', () => {
  it('measures between two timestamps and gives null when one is missing', () => {
    expect(secondsBetween('2025-01-01T10:00:00Z', '2025-01-01T10:01:30Z')).toBe(90);
    expect(secondsBetween(null, '2025-01-01T10:01:30Z')).toBeNull();
    expect(secondsBetween('nonsense', '2025-01-01T10:01:30Z')).toBeNull();
  });
});

describe('formatCountdown', () => {
  const target = '2025-06-01T12:00:00Z';
  it('counts down to the target, rounding the last second up', () => {
    expect(formatCountdown(target, Date.parse('2025-06-01T10:47:00Z'))).toBe('in 1 h 13 min');
    expect(formatCountdown(target, Date.parse('2025-06-01T11:59:59.5Z'))).toBe('in 1 s');
  });
  it('is null once the time has passed', () => {
    expect(formatCountdown(target, Date.parse('2025-06-01T12:00:00Z'))).toBeNull();
  });
});
