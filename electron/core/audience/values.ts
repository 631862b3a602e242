/** Typed property values (number, boolean, date) from CSV text. Pure; the input is already trimmed and non-empty. */
import type { PropertyType } from '../../../shared/mapping';
import type { PropertyValue } from './types';

const NUMBER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const CURRENCY = /^([+-]?)[$€£¥]\s?/;
const BOOLEANS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

const PLAIN_NUMBER = /^-?\d{1,15}(?:\.\d+)?$/;

export function parseNumber(text: string): number | null {
  if (PLAIN_NUMBER.test(text)) return Number(text);
  const bare = text.replace(CURRENCY, '$1');
  if (!/\d/.test(bare) || !NUMBER.test(bare)) return null;
  const value = Number(bare.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

export function parseBoolean(text: string): boolean | null {
  return BOOLEANS[text.toLowerCase()] ?? null;
}

/** Regions that write day-first dates have the default: month-first only where it is the custom. */
const MONTH_FIRST = new Set(['US', 'CA', 'PH', 'FM', 'MH', 'PW', 'GU', 'AS', 'MP', 'PR', 'VI', 'UM']);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS[m - 1]! + (leap ? 1 : 0);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * Dates to ISO 8601: `YYYY-MM-DD` (with an optional time and offset, kept), `YYYY/MM/DD`,
 * `D.M.YYYY`, and `M/D/YYYY` or `D/M/YYYY` — month first only in month-first regions (US, CA, …)
 * unless the first number is over 12.
 */
export function parseDate(text: string, region: string): string | null {
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, m, d, hh, mm, ss, frac, zone] = iso;
    if (!validDate(Number(y), Number(m), Number(d))) return null;
    if (hh === undefined) return `${y}-${m}-${d}`;
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return null;
    const offset = zone === undefined ? '' : zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    return `${y}-${m}-${d}T${hh}:${mm}:${ss ?? '00'}${frac ?? ''}${offset}`;
  }
  let y: number; let m: number; let d: number;
  const ymd = YMD_SLASH.exec(text);
  const slashed = SLASHED.exec(text);
  const dotted = DOTTED.exec(text);
  if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else if (dotted) [d, m, y] = [Number(dotted[1]), Number(dotted[2]), Number(dotted[3])];
  else if (slashed) {
    const a = Number(slashed[1]); const b = Number(slashed[2]); y = Number(slashed[3]);
    const monthFirst = a > 12 ? false : b > 12 ? true : MONTH_FIRST.has(region);
    [m, d] = monthFirst ? [a, b] : [b, a];
  } else return null;
  return validDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

/** Converts a trimmed, non-empty value to the property's type; undefined when it does not parse. */
export function convertValue(text: string, type: PropertyType, region: string): PropertyValue | undefined {
  switch (type) {
    case 'string': return text;
    case 'number': return parseNumber(text) ?? undefined;
    case 'boolean': return parseBoolean(text) ?? undefined;
    case 'date': return parseDate(text, region) ?? undefined;
  }
}

/** Why convertValue refused a value, in plain words. */
export function valueProblem(text: string, type: PropertyType): string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  switch (type) {
    case 'number': return `"${shown}" is not a number`;
    case 'boolean': return `"${shown}" is not true/false, yes/no or 1/0`;
    case 'date': return `"${shown}" is not a date we can read (use YYYY-MM-DD)`;
    case 'string': return `"${shown}" is not text`;
  }
}
