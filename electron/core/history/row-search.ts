/**
 * How the search box of a run's rows reads what a person typed (pure). Every reading is served by an
 * index: an email, external id or phone prefix (the per-identifier indexes hold the run id and seq
 * too), or an exact line number. A substring search would read every row of a million-row run.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface RowSearch {
  /** Prefix of the stored (lower-cased) email. */
  emailPrefix: string | null;
  /** Prefix of the external id, as typed (ids are case-sensitive). */
  externalIdPrefix: string | null;
  /** Prefixes of the stored E.164 phone: the number as typed (+ and digits) and, when it reads as a full number, its E.164 form. */
  phonePrefixes: string[];
  /** A line number of the file. */
  line: number | null;
}

const PHONE_LIKE = /^[+\d\s().-]+$/;

export function parseRowSearch(raw: string, defaultRegion: string): RowSearch | null {
  const text = raw.trim();
  if (text === '') return null;
  const phonePrefixes = new Set<string>();
  let line: number | null = null;
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits !== '') {
      phonePrefixes.add(`+${digits}`);
      const parsed = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
      if (parsed?.isValid()) phonePrefixes.add(parsed.number);
      if (/^\d+$/.test(text) && text.length <= 15) line = Number(text);
    }
  }
  return {
    emailPrefix: text.toLowerCase(),
    externalIdPrefix: text,
    phonePrefixes: [...phonePrefixes],
    line: line !== null && Number.isSafeInteger(line) && line > 0 ? line : null,
  };
}

/** The smallest string greater than every string starting with `prefix` (for `col >= p AND col < upper`). */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
