import { describe, expect, it } from 'vitest';
import { convertValue, parseBoolean, parseDate, parseNumber, valueProblem } from '../../../electron/core/audience/values';

describe('typed property values', () => {
  it('reads numbers, with thousands separators and a currency sign, and nothing else', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-3.5')).toBe(-3.5);
    expect(parseNumber('1,234.50')).toBe(1234.5);
    expect(parseNumber('$19.99')).toBe(19.99);
    expect(parseNumber('1e3')).toBe(1000);
    for (const bad of ['12,50', 'abc', '1.2.3', '', '--1', 'NaN', 'Infinity', '1 000']) expect(parseNumber(bad)).toBeNull();
  });

  it('reads true/false, yes/no and 1/0 as booleans', () => {
    expect(['TRUE', 'yes', '1'].map(parseBoolean)).toEqual([true, true, true]);
    expect(['false', 'No', '0'].map(parseBoolean)).toEqual([false, false, false]);
    expect(parseBoolean('maybe')).toBeNull();
  });

  it('writes dates as ISO 8601, month first only in month-first regions', () => {
    expect(parseDate('2024-02-29', 'US')).toBe('2024-02-29');
    expect(parseDate('2024-03-01T09:05', 'US')).toBe('2024-03-01T09:05:00');
    expect(parseDate('2024-03-01 09:05:07.25+0100', 'US')).toBe('2024-03-01T09:05:07.25+01:00');
    expect(parseDate('2024-03-01T09:05:07Z', 'US')).toBe('2024-03-01T09:05:07Z');
    expect(parseDate('3/4/2024', 'US')).toBe('2024-03-04');
    expect(parseDate('3/4/2024', 'GB')).toBe('2024-04-03');
    expect(parseDate('25/12/2024', 'US')).toBe('2024-12-25');
    expect(parseDate('24.12.2024', 'DE')).toBe('2024-12-24');
    expect(parseDate('2024/1/5', 'DE')).toBe('2024-01-05');
  });

  it('refuses impossible dates', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '31/04/2024', '2024-01-01T25:00', 'yesterday', '03/02']) expect(parseDate(bad, 'GB')).toBeNull();
  });

  it('converts by type and explains refusals', () => {
    expect(convertValue('gold', 'string', 'US')).toBe('gold');
    expect(convertValue('12', 'number', 'US')).toBe(12);
    expect(convertValue('twelve', 'number', 'US')).toBeUndefined();
    expect(valueProblem('twelve', 'number')).toBe('"twelve" is not a number');
    expect(valueProblem('soon', 'date')).toContain('not a date');
  });
});
