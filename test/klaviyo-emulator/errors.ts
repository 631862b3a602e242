/**
 * Klaviyo's error bodies. Every error response is JSON:API `{ errors: [...] }` served as
 * `application/vnd.api+json`; each object carries `id`, an integer `status`, `code`, `title`,
 * `detail`, `source` and `meta` (real payloads have `status` and `meta` although the spec's
 * ClientError schema omits them: API-NOTES §5).
 */
import { randomUUID } from 'node:crypto';

export type ErrorSource = { pointer: string } | { parameter: string };

export interface KlaviyoErrorObject {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source: ErrorSource;
  links?: Record<string, string>;
  meta: Record<string, unknown>;
}

export interface ErrorSpec {
  code: string;
  title: string;
  detail: string;
  source?: ErrorSource;
  links?: Record<string, string>;
  meta?: Record<string, unknown>;
}

/** Thrown inside the emulator to end a request with a Klaviyo error response. */
export class KlaviyoApiError extends Error {
  readonly status: number;
  readonly errors: KlaviyoErrorObject[];
  readonly headers: Record<string, string>;

  constructor(status: number, specs: ErrorSpec[], headers: Record<string, string> = {}) {
    super(specs[0]?.detail ?? `HTTP ${status}`);
    this.name = 'KlaviyoApiError';
    this.status = status;
    this.errors = specs.map((spec) => errorObject(status, spec));
    this.headers = headers;
  }

  body(): { errors: KlaviyoErrorObject[] } {
    return { errors: this.errors };
  }
}

export function errorObject(status: number, spec: ErrorSpec): KlaviyoErrorObject {
  return {
    id: randomUUID(),
    status,
    code: spec.code,
    title: spec.title,
    detail: spec.detail,
    source: spec.source ?? { pointer: '/data/' },
    ...(spec.links ? { links: spec.links } : {}),
    meta: spec.meta ?? {},
  };
}

export const INVALID_TITLE = 'Invalid input.';

/** One validation problem; several may be reported in one 400. */
export function invalidSpec(detail: string, source: ErrorSource, meta?: Record<string, unknown>): ErrorSpec {
  return { code: 'invalid', title: INVALID_TITLE, detail, source, ...(meta ? { meta } : {}) };
}

export function invalid(detail: string, source: ErrorSource, meta?: Record<string, unknown>): KlaviyoApiError {
  return new KlaviyoApiError(400, [invalidSpec(detail, source, meta)]);
}

export function invalidMany(specs: ErrorSpec[]): KlaviyoApiError {
  return new KlaviyoApiError(400, specs);
}

export function invalidParameter(parameter: string, detail: string): KlaviyoApiError {
  return invalid(detail, { parameter });
}

// Verbatim from klaviyo/klaviyo-api-ruby#19 (API-NOTES §5). Klaviyo answers the same body for a
// missing header, another scheme, and a key it does not know.
export function notAuthenticated(): KlaviyoApiError {
  return new KlaviyoApiError(401, [{
    code: 'not_authenticated',
    title: 'Authentication credentials were not provided.',
    detail: 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.',
    source: { pointer: '/data/' },
  }]);
}

// Klaviyo's real 403 body is not public (API-NOTES §10); this follows Django REST framework's
// PermissionDenied, which Klaviyo's other error codes come from, and names the missing scopes.
export function permissionDenied(missing: string[]): KlaviyoApiError {
  return new KlaviyoApiError(403, [{
    code: 'permission_denied',
    title: 'You do not have permission to perform this action.',
    detail: `This API key is missing required scopes: ${missing.join(', ')}.`,
    source: { pointer: '/data/' },
    meta: { missing_scopes: missing },
  }]);
}

export function notFound(detail: string): KlaviyoApiError {
  return new KlaviyoApiError(404, [{ code: 'not_found', title: 'Not found.', detail }]);
}

export function methodNotAllowed(method: string, allowed: string[]): KlaviyoApiError {
  return new KlaviyoApiError(405, [{
    code: 'method_not_allowed',
    title: `Method "${method}" not allowed.`,
    detail: `Method "${method}" not allowed.`,
  }], { Allow: allowed.join(', ') });
}

export function notImplemented(method: string, path: string): KlaviyoApiError {
  return new KlaviyoApiError(501, [{
    code: 'not_implemented',
    title: 'Not implemented by the emulator.',
    detail: `${method} ${path} exists in Klaviyo's API but the local emulator does not implement it.`,
  }]);
}

export function unsupportedMediaType(contentType: string): KlaviyoApiError {
  return new KlaviyoApiError(415, [{
    code: 'unsupported_media_type',
    title: `Unsupported media type "${contentType}" in request.`,
    detail: `Unsupported media type "${contentType}" in request. Use application/json or application/vnd.api+json.`,
  }]);
}

export function payloadTooLarge(bytes: number, limit: number): KlaviyoApiError {
  return new KlaviyoApiError(413, [{
    code: 'payload_too_large',
    title: 'Request payload too large.',
    detail: `The request body is ${bytes} bytes; the limit is ${limit} bytes (5 MB).`,
  }]);
}

export function parseError(detail: string): KlaviyoApiError {
  return new KlaviyoApiError(400, [{ code: 'parse_error', title: 'Malformed request.', detail: `JSON parse error - ${detail}` }]);
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

// Verbatim shape of the 429 body from klaviyo/klaviyo-api-node#66 (API-NOTES §4).
export function throttled(retryAfterSeconds: number, reason?: string): KlaviyoApiError {
  const detail = reason
    ? `${reason} Expected available in ${seconds(retryAfterSeconds)}.`
    : `Request was throttled. Expected available in ${seconds(retryAfterSeconds)}.`;
  return new KlaviyoApiError(429, [{
    code: 'throttled',
    title: 'Request was throttled.',
    detail,
    source: { pointer: '/data' },
    links: { type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits' },
  }], { 'Retry-After': String(retryAfterSeconds) });
}

export function duplicateProfile(duplicateId: string): KlaviyoApiError {
  return new KlaviyoApiError(409, [{
    code: 'duplicate_profile',
    title: 'Conflict.',
    detail: 'A profile already exists with one of these identifiers.',
    source: { pointer: '/data/attributes' },
    meta: { duplicate_profile_id: duplicateId },
  }]);
}

export const LIST_CAP = 1000;

// Klaviyo's real body for this cap is not public (API-NOTES §10). This exact shape is the
// emulator's documented choice; the client recognises it by status + detail and by its own count.
export function listCapReached(count: number): KlaviyoApiError {
  return new KlaviyoApiError(400, [{
    code: 'invalid',
    title: INVALID_TITLE,
    detail: 'This account has reached the limit of 1000 lists and segments. Delete lists or segments you no longer need, then try again.',
    source: { pointer: '/data' },
    meta: { limit: LIST_CAP, count },
  }]);
}

export function serverError(status: 500 | 502 | 503 | 504): KlaviyoApiError {
  const titles: Record<number, [string, string]> = {
    500: ['error', 'A server error occurred.'],
    502: ['bad_gateway', 'Bad gateway.'],
    503: ['service_unavailable', 'Service temporarily unavailable, try again later.'],
    504: ['gateway_timeout', 'Gateway timeout.'],
  };
  const [code, title] = titles[status] ?? ['error', 'A server error occurred.'];
  return new KlaviyoApiError(status, [{ code, title, detail: title }]);
}
