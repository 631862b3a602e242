/**
 * Email normalization: trimmed, lower-cased, and checked against a pragmatic subset of RFC 5322 —
 * the dot-atom form Klaviyo accepts (no quoted local parts, no IP-literal domains, ASCII only).
 */
export type EmailResult = { ok: true; value: string } | { ok: false; problem: string };

const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** The whole rule in one expression, for the common (valid) case. */
const VALID = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

/** Already-normalized input comes back unchanged (idempotent). Never called with an empty value. */
export function normalizeEmail(raw: string): EmailResult {
  const value = raw.trim().toLowerCase();
  if (value.length <= 254 && VALID.test(value) && value.indexOf('@') <= 64) return { ok: true, value };
  return { ok: false, problem: `email "${value.length > 60 ? `${value.slice(0, 57)}...` : value}" ${emailProblem(value)}` };
}

/** Why a (trimmed, lower-cased) value is not an email address we accept. */
function emailProblem(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return 'has no @';
  if (value.indexOf('@') !== at) return 'has more than one @';
  if (/\s/.test(value)) return 'contains a space';
  if (/[^\x21-\x7e]/.test(value)) return 'contains characters an email address cannot have';
  if (value.length > 254) return 'is longer than 254 characters';
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === '') return 'has nothing before the @';
  if (local.length > 64) return 'has more than 64 characters before the @';
  if (!LOCAL.test(local)) {
    return local.includes('..') || local.startsWith('.') || local.endsWith('.') ? 'has a misplaced dot before the @' : 'has characters not allowed before the @';
  }
  if (domain === '') return 'has nothing after the @';
  const labels = domain.split('.');
  if (labels.length < 2) return `has no dot in the domain ("${domain}")`;
  if (!labels.every((l) => LABEL.test(l))) return `has an invalid domain ("${domain}")`;
  if (!TLD.test(labels[labels.length - 1]!)) return `has an invalid domain ending ("${domain}")`;
  return 'is not a valid email address';
}
