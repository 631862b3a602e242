import { describe, expect, it } from 'vitest';
import { anyFilter, buildQuery, chunk, cursorFrom, equalsFilter, fillPath, quote } from '../../../electron/core/klaviyo/query';

describe('filter encoding', () => {
  it('quotes strings with double quotes', () => {
    expect(equalsFilter('email', 'a@example.com')).toBe('equals(email,"a@example.com")');
  });

  it('escapes quotes and backslashes inside a value so it cannot end the string early', () => {
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
    expect(equalsFilter('name', 'x"),equals(id,"y')).toBe('equals(name,"x\\"),equals(id,\\"y")');
  });

  it('writes any() with a bracketed list of quoted values', () => {
    expect(anyFilter('external_id', ['ext-1', 'ext-2'])).toBe('any(external_id,["ext-1","ext-2"])');
  });

  it('refuses an empty any()', () => {
    expect(() => anyFilter('email', [])).toThrow(RangeError);
  });
});

describe('query strings', () => {
  it('percent-encodes keys and values, brackets and spaces included', () => {
    const query = buildQuery({ 'page[size]': 100, filter: 'any(name,["My List"])' });
    expect(query).toBe('?page%5Bsize%5D=100&filter=any(name%2C%5B%22My%20List%22%5D)');
    const parsed = new URLSearchParams(query.slice(1));
    expect(parsed.get('filter')).toBe('any(name,["My List"])');
    expect(parsed.get('page[size]')).toBe('100');
  });

  it('leaves out undefined parameters and gives nothing for no parameters', () => {
    expect(buildQuery({ a: undefined, b: 'x' })).toBe('?b=x');
    expect(buildQuery({})).toBe('');
  });

  it('fills path parameters, encoded', () => {
    expect(fillPath('/api/lists/{id}/relationships/profiles', { id: 'Ab/1' })).toBe('/api/lists/Ab%2F1/relationships/profiles');
    expect(() => fillPath('/api/lists/{id}', {})).toThrow(RangeError);
  });
});

describe('cursor extraction', () => {
  it('takes page[cursor] from an https://a.klaviyo.com next link', () => {
    const next = 'https://a.klaviyo.com/api/lists/L1/profiles?page%5Bcursor%5D=bmV4dDo6aWQ6OjQ1&page%5Bsize%5D=100';
    expect(cursorFrom(next)).toBe('bmV4dDo6aWQ6OjQ1');
  });

  it('decodes the cursor value exactly once', () => {
    expect(cursorFrom('https://a.klaviyo.com/api/lists?page%5Bcursor%5D=a%2Bb%3D%3D')).toBe('a+b==');
  });

  it('says null at the last page', () => {
    expect(cursorFrom(null)).toBeNull();
    expect(cursorFrom(undefined)).toBeNull();
    expect(cursorFrom('https://a.klaviyo.com/api/lists')).toBeNull();
  });

  it('accepts a bare cursor', () => {
    expect(cursorFrom('abc123')).toBe('abc123');
  });
});

describe('chunking', () => {
  it('splits into consecutive chunks of the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
