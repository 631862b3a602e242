import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRowSearch, prefixUpperBound } from '../../../electron/core/history/row-search';
import { personKeys, normalizePhone } from '../../../electron/core/history/person-query';

/** SQLite's BINARY collation compares the UTF-8 bytes. */
const binary = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('reading the rows search box', () => {
  it('reads text as an email prefix (lower-cased) and an external id prefix (as typed)', () => {
    expect(parseRowSearch('  Jane@Ex ', 'US')).toEqual({ emailPrefix: 'jane@ex', externalIdPrefix: 'Jane@Ex', phonePrefixes: [], line: null });
  });

  it('reads digits as a phone prefix, the full number in E.164, and a line number', () => {
    expect(parseRowSearch('(206) 555-0100', 'US')).toMatchObject({ phonePrefixes: ['+12065550100'], line: null });
    expect(parseRowSearch('2065550100', 'US')).toMatchObject({ phonePrefixes: ['+2065550100', '+12065550100'], line: 2065550100 });
    expect(parseRowSearch('020 7946 0000', 'GB')).toMatchObject({ phonePrefixes: ['+442079460000'] });
    expect(parseRowSearch('(206) 555', 'US')).toMatchObject({ phonePrefixes: [], line: null });
    expect(parseRowSearch('+44 20', 'US')).toMatchObject({ phonePrefixes: ['+4420'], line: null });
    expect(parseRowSearch('12', 'US')).toMatchObject({ phonePrefixes: ['+12'], line: 12 });
    expect(parseRowSearch('0', 'US')).toMatchObject({ line: null });
  });

  it('reads nothing from blank text', () => {
    expect(parseRowSearch('   ', 'US')).toBeNull();
  });

  it('bounds a prefix range exactly: p ≤ s < upper(p) in SQLite order if and only if s starts with p', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 8 }), (p, rest) => {
      for (const s of [p + rest, rest]) {
        const inRange = binary(p, s) <= 0 && binary(s, prefixUpperBound(p)) < 0;
        expect(inRange).toBe(s.startsWith(p));
      }
    }));
  });
});

describe('reading a person query', () => {
  it('reads an email (lower-cased), a phone in the default region, else an external id', () => {
    expect(personKeys(' Jane@Example.com ', 'US')).toEqual([{ matchedAs: 'email', value: 'jane@example.com' }]);
    expect(personKeys('(206) 555-0100', 'US')).toEqual([
      { matchedAs: 'phone', value: '+12065550100' }, { matchedAs: 'externalId', value: '(206) 555-0100' }]);
    expect(personKeys('020 7946 0000', 'GB')[0]).toEqual({ matchedAs: 'phone', value: '+442079460000' });
    expect(personKeys('CUST-1', 'US')).toEqual([{ matchedAs: 'externalId', value: 'CUST-1' }]);
    expect(personKeys('12345', 'US')).toEqual([{ matchedAs: 'externalId', value: '12345' }]);
  });

  it('normalizes phones exactly like the audience pipeline: one E.164 form for many ways of writing', () => {
    const forms = ['(206) 555-0100', '206.555.0100', '206 555 0100', '+1 206-555-0100', '1 206 555 0100'];
    expect(new Set(forms.map((f) => normalizePhone(f, 'US')))).toEqual(new Set(['+12065550100']));
    expect(normalizePhone('555-0100', 'US')).toBeNull();
  });
});
