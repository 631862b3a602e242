/**
 * Klaviyo's own checks on profile payloads, on top of the schema: a syntactically valid email,
 * a phone number in strict E.164 that is a real number (libphonenumber's full metadata, as
 * Klaviyo's "Invalid phone number format" check), no attribute the profile resource lacks, and at
 * least one identifier. Messages are Klaviyo's where known (API-NOTES §5).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { invalidSpec, type ErrorSpec } from './errors';
import { UPSERT_ATTRIBUTES } from './profile-store';

// Django's EmailValidator (Klaviyo runs on Django): a dot-atom local part, a dotted domain with
// a TLD of letters/digits/hyphens; no quoted local parts, no IP-literal domains.
const LOCAL = /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i;
const DOMAIN = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})$/i;

export function isValidEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  return DOMAIN.test(domain) && !domain.endsWith('-');
}

// Parsing with full metadata costs ~8 µs a number; bulk payloads repeat numbers across requests
// and each one is checked by the schema pass and again by the handler, so remember answers.
const phoneCache = new Map<string, boolean>();
const PHONE_CACHE_LIMIT = 200_000;

export function isValidE164(value: string): boolean {
  if (!/^\+[1-9]\d{1,14}$/.test(value)) return false;
  const known = phoneCache.get(value);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(value);
  const valid = parsed !== undefined && parsed.isValid() && parsed.number === value;
  if (phoneCache.size >= PHONE_CACHE_LIMIT) phoneCache.clear();
  phoneCache.set(value, valid);
  return valid;
}

export const INVALID_EMAIL = 'Invalid email address';
export const INVALID_PHONE = 'Invalid phone number format (Example of a valid format: +12345678901)';

const STRING_FIELDS = ['email', 'phone_number', 'external_id', '_kx', 'first_name', 'last_name', 'organization', 'locale', 'title', 'image'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Problems with one profile's `attributes` (profile-import, or one bulk-import item), each with
 * its pointer under `base` (e.g. `/data/attributes`). An empty array means it is acceptable.
 */
export function profileAttributeProblems(attributes: unknown, base: string, hasId: boolean): ErrorSpec[] {
  if (!isPlainObject(attributes)) return [invalidSpec('Attributes must be an object.', { pointer: base })];
  const problems: ErrorSpec[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const pointer = `${base}/${key}`;
    if (!UPSERT_ATTRIBUTES.has(key)) {
      problems.push(invalidSpec(`'${key}' is not a valid field for the resource 'profile'.`, { pointer }));
      continue;
    }
    if (value === null) continue;
    if (STRING_FIELDS.includes(key) && typeof value !== 'string') {
      problems.push(invalidSpec(`'${key}' must be a string.`, { pointer }));
      continue;
    }
    if ((key === 'location' || key === 'properties') && !isPlainObject(value)) {
      problems.push(invalidSpec(`'${key}' must be an object.`, { pointer }));
      continue;
    }
    if (key === 'email' && typeof value === 'string' && !isValidEmail(value)) {
      problems.push(invalidSpec(INVALID_EMAIL, { pointer }));
    }
    if (key === 'phone_number' && typeof value === 'string' && !isValidE164(value)) {
      problems.push(invalidSpec(INVALID_PHONE, { pointer }));
    }
  }
  const identified = hasId || ['email', 'phone_number', 'external_id', '_kx'].some((k) => typeof attributes[k] === 'string' && attributes[k] !== '');
  if (problems.length === 0 && !identified) {
    problems.push(invalidSpec(
      'A profile needs at least one identifier: email, phone_number, external_id, or the profile id.',
      { pointer: base },
    ));
  }
  return problems;
}

/** Bytes of a value serialised as JSON (the unit of Klaviyo's payload limits). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
