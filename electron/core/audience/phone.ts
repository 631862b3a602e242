/**
 * Phone numbers to E.164 with libphonenumber-js (full "max" metadata, so isValid() checks the
 * numbering plan, not just the length). Parsing is the pipeline's hot spot (~50k/s/core), so results
 * are cached by a key that drops formatting characters: "(206) 555-0100", "206.555.0100" and
 * "206 555 0100" are one cache entry. We parse the key itself, so a key always yields one result.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { libphonenumber, parsePhone } from './libphonenumber';

/**
 * A parse result packed in a number so it travels between threads in a Float64Array:
 * > 0 the E.164 digits (at most 15, exact in a double); otherwise one of the problems below.
 */
export type PhoneCode = number;
export const PHONE_NOT_A_NUMBER = 0;
export const PHONE_INVALID = -1;
export const PHONE_TOO_SHORT = -2;
export const PHONE_TOO_LONG = -3;
export const PHONE_UNKNOWN_COUNTRY = -4;

// NUL is dropped too, so a key can never contain the separator the caches put before a region.
// eslint-disable-next-line no-control-regex
const FORMATTING = /[\s\-.()/\u2010-\u2015\u00a0\u0000]/g;

/** The cache key: the text without formatting characters. Letters (ext, x, #) stay: they change the meaning. */
export function phoneKey(raw: string): string {
  return raw.replace(FORMATTING, '');
}

/** The region only matters for numbers written without +country code. */
export function regionForKey(key: string, region: string): string {
  return key.charCodeAt(0) === 43 /* + */ ? '' : region;
}

/** Regions of the North American Numbering Plan (+1): US, CA, PR, JM, … */
const NANP = new Set(libphonenumber.getCountries().filter((c) => libphonenumber.getCountryCallingCode(c) === '1'));
const NANP_NATIONAL = /^1?([2-9]\d{9})$/;

/**
 * The cache key and region a number is parsed with. In a +1 region, "(206) 555-0100",
 * "1-206-555-0100" and "+1 206 555 0100" are one number, and libphonenumber reads the three alike
 * (the region, the trunk prefix 1 and the +1 all lead to the same ten digits): they share the key
 * "+12065550100", so the most common spellings of a North American number are parsed once.
 */
export function phoneLookup(raw: string, region: string): { key: string; region: string } {
  const key = phoneKey(raw);
  const keyRegion = regionForKey(key, region);
  if (keyRegion !== '' && NANP.has(keyRegion as CountryCode)) {
    const national = NANP_NATIONAL.exec(key);
    if (national) return { key: `+1${national[1]}`, region: '' };
  }
  return { key, region: keyRegion };
}

export function parsePhoneKey(key: string, region: string): PhoneCode {
  const parsed = parsePhone(key, region);
  if (parsed?.isValid()) return Number(parsed.number.slice(1));
  switch (libphonenumber.validatePhoneNumberLength(key, (region || undefined) as CountryCode | undefined)) {
    case 'NOT_A_NUMBER': return PHONE_NOT_A_NUMBER;
    case 'TOO_SHORT': return PHONE_TOO_SHORT;
    case 'TOO_LONG': return PHONE_TOO_LONG;
    case 'INVALID_COUNTRY': return PHONE_UNKNOWN_COUNTRY;
    default: return PHONE_INVALID;
  }
}

export function isValidPhoneCode(code: PhoneCode): boolean {
  return code > 0;
}

export function formatE164(code: PhoneCode): string {
  return `+${code}`;
}

/** Plain wording for a problem code: "incomplete" (too few digits) is told apart from "invalid". */
export function phoneProblem(raw: string, code: PhoneCode, region: string): string {
  const shown = raw.trim().length > 40 ? `${raw.trim().slice(0, 37)}...` : raw.trim();
  const where = region ? ` for ${region}` : '';
  switch (code) {
    case PHONE_NOT_A_NUMBER: return `phone "${shown}" is not a phone number`;
    case PHONE_TOO_SHORT: return `phone "${shown}" is incomplete: too few digits${where}`;
    case PHONE_TOO_LONG: return `phone "${shown}" has too many digits${where}`;
    case PHONE_UNKNOWN_COUNTRY: return `phone "${shown}" has no country code we know: write it as +<country code> <number>`;
    default: return `phone "${shown}" is not a valid number${where}`;
  }
}
