/**
 * When to try a request again, and how long to wait first. Pure decisions; the transport sleeps.
 */
import type { RateLimitHeaders } from './rate-limiter';
import type { RetrySafety } from './operations';

/** Why an attempt failed, as far as retrying is concerned. */
export type FailureKind =
  | 'throttled'          // 429: Klaviyo did not do the work
  | 'unsent'             // the connection was never made (refused, DNS): nothing reached Klaviyo
  | 'server'             // 5xx: Klaviyo may or may not have done the work
  | 'cdn'                // a non-JSON 403/5xx page from Klaviyo's CDN
  | 'timeout'            // no answer in time after sending
  | 'connection-lost';   // the connection broke after the request was sent

/** Only requests that are safe to repeat are repeated when Klaviyo may already have acted on them. */
export function shouldRetry(safety: RetrySafety, kind: FailureKind): boolean {
  if (kind === 'throttled' || kind === 'unsent') return true;
  return safety === 'safe';
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 20_000 };

/**
 * Capped exponential backoff with full jitter (a uniform wait between 0 and min(cap, base·2^(n-1)))
 * after the n-th failed attempt: spreads the retries of many concurrent requests.
 */
export function backoffDelayMs(failedAttempts: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
}

// Failures of the connection step itself: the request never left this machine.
const UNSENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

function codesIn(error: unknown, depth = 0): string[] {
  if (depth > 4 || error === null || typeof error !== 'object') return [];
  const found: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') found.push(code);
  found.push(...codesIn((error as { cause?: unknown }).cause, depth + 1));
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const e of inner) found.push(...codesIn(e, depth + 1));
  return found;
}

/**
 * Classifies what fetch threw (undici wraps the system error as `cause`, sometimes in an
 * AggregateError when several addresses were tried).
 */
export function classifyNetworkError(error: unknown): { kind: 'unsent' | 'connection-lost'; code: string | undefined } {
  const codes = codesIn(error);
  const unsent = codes.length > 0 && codes.every((c) => UNSENT_CODES.has(c));
  return { kind: unsent ? 'unsent' : 'connection-lost', code: codes[0] };
}

/** `Retry-After`: whole seconds (what Klaviyo sends) or an HTTP date. */
export function parseRetryAfter(value: string | null, wallNow: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, (date - wallNow) / 1000);
}

function intHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null) return null;
  // Structured-field forms ("100;w=60") carry the number first.
  const value = Number.parseFloat(raw);
  return Number.isFinite(value) ? value : null;
}

export function parseRateLimitHeaders(headers: Headers): RateLimitHeaders {
  return {
    limit: intHeader(headers, 'ratelimit-limit'),
    remaining: intHeader(headers, 'ratelimit-remaining'),
    resetSeconds: intHeader(headers, 'ratelimit-reset'),
  };
}
