import { describe, expect, it } from 'vitest';
import { checkFilter, compileFilter, indexedValues, parseFilter } from '../../klaviyo-emulator/filter';
import { KlaviyoApiError } from '../../klaviyo-emulator/errors';

const listFilters = {
  name: { list: ['any', 'equals'], single: [] },
  id: { list: ['any', 'equals'], single: ['equals'] },
  created: { list: [], single: ['greater-than'], format: 'date-time' },
};

function errorOf(fn: () => unknown): KlaviyoApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KlaviyoApiError) return error;
    throw error;
  }
  throw new Error('expected a KlaviyoApiError');
}

describe('filter expressions', () => {
  it('parses equals with double or single quotes and any with a list', () => {
    expect(parseFilter('equals(name,"My List")')).toEqual({ kind: 'cmp', op: 'equals', field: 'name', value: 'My List' });
    expect(parseFilter("equals(name,'It\\'s')")).toEqual({ kind: 'cmp', op: 'equals', field: 'name', value: "It's" });
    expect(parseFilter('any(email,["a@x.com", "b@y.com"])')).toMatchObject({ op: 'any', value: ['a@x.com', 'b@y.com'] });
  });

  it('treats comma-separated expressions and and() as a conjunction', () => {
    const node = parseFilter('equals(name,"a"),and(equals(id,"x"),greater-than(created,2024-01-01T00:00:00Z))');
    expect(node.kind).toBe('and');
    const keep = compileFilter(node, (item: Record<string, string | number>, field) => item[field]);
    const created = Date.parse('2024-06-01T00:00:00Z');
    expect(keep({ name: 'a', id: 'x', created })).toBe(true);
    expect(keep({ name: 'a', id: 'y', created })).toBe(false);
    expect(keep({ name: 'a', id: 'x', created: Date.parse('2023-06-01T00:00:00Z') })).toBe(false);
  });

  it('matches emails case-insensitively', () => {
    const keep = compileFilter(parseFilter('equals(email,"Ann@Example.com")'), (item: { email: string }) => item.email);
    expect(keep({ email: 'ann@example.com' })).toBe(true);
  });

  it('refuses malformed expressions with a 400 on the filter parameter', () => {
    for (const text of ['equals(name,"x"', 'equals(name)', 'foo(name,"x")', 'equals(name,unquoted)', 'or(equals(id,"a"),equals(id,"b"))']) {
      const error = errorOf(() => parseFilter(text));
      expect(error.status, text).toBe(400);
      expect(error.errors[0]?.source).toEqual({ parameter: 'filter' });
    }
  });

  it('checks fields and operators against the operation, accepting single-valued equals where the list form is allowed', () => {
    expect(() => checkFilter(parseFilter('equals(name,"x")'), listFilters, 'list')).not.toThrow();
    expect(errorOf(() => checkFilter(parseFilter('equals(colour,"x")'), listFilters, 'list')).errors[0]?.detail).toContain("'colour'");
    expect(() => checkFilter(parseFilter('any(name,"x")'), listFilters, 'list')).toThrow(KlaviyoApiError);
    expect(() => checkFilter(parseFilter('greater-than(created,"yesterday")'), listFilters, 'list')).toThrow(KlaviyoApiError);
  });

  it('exposes equals/any values on a field so callers can use an index', () => {
    expect(indexedValues(parseFilter('any(email,["a","b"])'), 'email')).toEqual(['a', 'b']);
    expect(indexedValues(parseFilter('equals(name,"a")'), 'email')).toBeNull();
    expect(indexedValues(null, 'email')).toBeNull();
  });
});
