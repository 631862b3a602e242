/**
 * How the search box of a run's rows reads what a person typed (pure). Every reading is served by an
 * index: an email, external id or phone prefix (the per-identifier indexes hold the run id and seq
 * too), or an exact line number. A substring search would read every row of a million-row run.
 */
import { normalizePhone } from './person-query';

export interface RowSearch {
  /** Prefix of the stored (lower-cased) email. */
  emailPrefix: string | null;
  /** Prefix of the external id, as typed (ids are case-sensitive). */
  externalIdPrefix: string | null;
  /**
   * Prefixes of the stored E.164 phone: the start of an international number as typed ("+44 20",
   * or bare digits such as "1206555"), and, when the text reads as a whole number in the default
   * region or with its country code, its E.164 form. National formatting ("(206) 555-0100") is
   * only matched whole: its digits alone are not the start of an E.164 number.
   */
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
      const bareDigits = /^\d+$/.test(text);
      if (text.startsWith('+') || bareDigits) phonePrefixes.add(`+${digits}`);
      const e164 = normalizePhone(text, defaultRegion);
      if (e164 !== null) phonePrefixes.add(e164);
      if (bareDigits && text.length <= 15) line = Number(text);
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
