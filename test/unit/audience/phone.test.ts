import fc from 'fast-check';
import { parsePhoneNumberFromString as stockParse } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { libphonenumberMemoized, parsePhone } from '../../../electron/core/audience/libphonenumber';
import {
  formatE164, isValidPhoneCode, parsePhoneKey, phoneKey, phoneLookup, phoneProblem, regionForKey,
  PHONE_NOT_A_NUMBER, PHONE_TOO_LONG, PHONE_TOO_SHORT, PHONE_UNKNOWN_COUNTRY,
} from '../../../electron/core/audience/phone';
import { PhoneCache } from '../../../electron/core/audience/phone-cache';

const e164 = (raw: string, region = 'US') => {
  const key = phoneKey(raw);
  const code = parsePhoneKey(key, regionForKey(key, region));
  return isValidPhoneCode(code) ? formatE164(code) : code;
};

describe('phone numbers', () => {
  it.each([
    ['(206) 555-0100', 'US', '+12065550100'],
    ['206.555.0100', 'US', '+12065550100'],
    ['1-206-555-0100', 'US', '+12065550100'],
    ['+1 206 555 0100', 'GB', '+12065550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0) 20 7946 0958', 'US', '+442079460958'],
    ['030 901820', 'DE', '+4930901820'],
    ['206-555-0100 ext. 12', 'US', '+12065550100'],
  ])('reads %j in %s as %s', (raw, region, expected) => {
    expect(e164(raw, region)).toBe(expected);
  });

  it('tells incomplete numbers from invalid ones', () => {
    expect(e164('555-0100')).toBe(PHONE_TOO_SHORT);
    expect(e164('206 555 01000')).toBe(PHONE_TOO_LONG);
    expect(e164('call me')).toBe(PHONE_NOT_A_NUMBER);
    expect(e164('+999 1234')).toBe(PHONE_UNKNOWN_COUNTRY);
    expect(phoneProblem('555-0100', PHONE_TOO_SHORT, 'US')).toBe('phone "555-0100" is incomplete: too few digits for US');
    expect(phoneProblem('12', -1, 'US')).toContain('is not a valid number for US');
  });

  it('gives every spelling of a number one cache key', () => {
    expect(new Set(['(206) 555-0100', '206.555.0100', '206 555 0100', '206-555-0100', '206/555\u00a00100'].map(phoneKey))).toEqual(new Set(['2065550100']));
    expect(regionForKey('+12065550100', 'GB')).toBe('');
    expect(regionForKey('2065550100', 'GB')).toBe('GB');
  });

  it('gives the spellings of a North American number one key, without changing what they read as', () => {
    expect(new Set(['(206) 555-0100', '1-206-555-0100', '+1 206 555 0100', '206.555.0100'].map((raw) => phoneLookup(raw, 'US').key))).toEqual(new Set(['+12065550100']));
    expect(phoneLookup('(206) 555-0100', 'GB')).toEqual({ key: '2065550100', region: 'GB' });
    const spelling = fc.tuple(fc.constantFrom('US', 'CA', 'PR', 'JM', 'DO'), fc.integer({ min: 2000000000, max: 9999999999 }), fc.constantFrom('', '1', '+1 ', '1-'))
      .filter(([, n]) => String(n)[3] !== '0' && String(n)[3] !== '1');
    fc.assert(fc.property(spelling, ([region, number, prefix]) => {
      const raw = `${prefix}${number}`;
      const { key, region: keyRegion } = phoneLookup(raw, region);
      const stock = stockParse(raw, region as 'US');
      const code = parsePhoneKey(key, keyRegion);
      expect(isValidPhoneCode(code) ? formatE164(code) : null).toBe(stock?.isValid() ? stock.number : null);
    }), { numRuns: 1500 });
  });

  it('writes E.164 that reads back as itself', () => {
    const national = fc.tuple(fc.constantFrom('206', '415', '503', '212', '617'), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
      .map(([area, exchange, line]) => `(${area}) ${exchange}-${String(line).padStart(4, '0')}`);
    fc.assert(fc.property(national, (raw) => {
      const first = e164(raw);
      if (typeof first !== 'string') return;
      expect(e164(first, 'DE')).toBe(first);
    }));
  });

  it('parses each distinct key once per cache', () => {
    const cache = new PhoneCache();
    const codes = cache.resolve(['2065550100', '2065550100', '+12065550100', '2065550100'], ['US', 'US', '', 'GB']);
    expect(cache.parsed).toBe(3);
    expect(cache.hits).toBe(1);
    expect(codes[0]).toBe(codes[1]);
  });

  it('parses faster than the stock library (memoized patterns, no wrappers) without changing a single answer', () => {
    expect(libphonenumberMemoized).toBe(true);
    const regions = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'AU', 'MX', 'ZA', 'XX', ''];
    const text = fc.oneof(fc.stringMatching(/^\+?[0-9]{4,15}$/), fc.stringMatching(/^[+0-9 ().x-]{0,20}$/), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.constantFrom(...regions), text, (region, input) => {
      const stock = stockParse(input, (region || undefined) as 'US');
      const ours = parsePhone(input, region);
      expect(ours?.number).toBe(stock?.number);
      expect(ours?.isValid()).toBe(stock?.isValid());
      expect(ours?.ext).toBe(stock?.ext);
    }), { numRuns: 4000 });
  });
});
