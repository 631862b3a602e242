import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, hasFilters, toRunsQuery } from '../../../renderer/src/lib/history-query';

describe('toRunsQuery', () => {
  it('sends only the filters that are set', () => {
    expect(toRunsQuery(EMPTY_FILTERS, { limit: 50, offset: 0 })).toEqual({ limit: 50, offset: 0 });
    expect(toRunsQuery({ ...EMPTY_FILTERS, search: '  vip ', status: 'failed', kind: 'sync', listId: 'L1' }, { limit: 50, offset: 100 }))
      .toEqual({ limit: 50, offset: 100, search: 'vip', status: 'failed', kind: 'sync', listId: 'L1' });
  });
  it('makes the date range start at local midnight and include the whole last day', () => {
    const query = toRunsQuery({ ...EMPTY_FILTERS, from: '2025-03-01', to: '2025-03-31' }, { limit: 50, offset: 0 });
    expect(query.since).toBe(new Date(2025, 2, 1).toISOString());
    expect(query.until).toBe(new Date(2025, 3, 1).toISOString());
  });
  it('ignores a date that is not a date', () => {
    expect(toRunsQuery({ ...EMPTY_FILTERS, from: 'yesterday' }, { limit: 50, offset: 0 })).not.toHaveProperty('since');
  });
});

describe('hasFilters', () => {
  it('is true as soon as one filter is set', () => {
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, to: '2025-01-01' })).toBe(true);
  });
});
