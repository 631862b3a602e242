import { describe, expect, it } from 'vitest';
import { errorFromNetwork, errorFromResponse, isDailyListCap, isListCapError, type HttpFailure } from '../../../electron/core/klaviyo/error-mapping';
import { OPERATIONS } from '../../../electron/core/klaviyo/operations';
import type { WireError } from '../../../electron/core/klaviyo/wire-schemas';

const WALL = Date.UTC(2026, 6, 20, 12, 0, 0);

function failure(status: number, errors: WireError[] | null, more: Partial<HttpFailure> = {}): HttpFailure {
  return { status, errors, retryAfterSeconds: null, op: OPERATIONS.getLists, timeScale: 1, wallNow: WALL, attempts: 1, ...more };
}

describe('mapping Klaviyo failures to app errors', () => {
  it('maps 401 to INVALID_CREDENTIALS with a replace-key action', () => {
    const error = errorFromResponse(failure(401, [{ code: 'not_authenticated', detail: 'Missing or invalid authorization scheme.' }]));
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.action?.kind).toBe('replace_key');
    expect(error.details?.status).toBe(401);
  });

  it('maps a Klaviyo 403 to MISSING_SCOPE naming the scopes the operation needs', () => {
    const error = errorFromResponse(failure(403, [{ code: 'permission_denied' }], { op: OPERATIONS.addProfilesToList }));
    expect(error.code).toBe('MISSING_SCOPE');
    expect(error.details?.scopes).toBe('lists:write,profiles:write');
    expect(error.action?.scopes).toEqual(['lists:write', 'profiles:write']);
  });

  it('treats a 403 that is not Klaviyo JSON (a CDN challenge page) as a server-side problem, not a scope', () => {
    const error = errorFromResponse(failure(403, null));
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.details?.nonJson).toBe(true);
  });

  it('recognises the lists-and-segments cap by its detail and by meta.limit', () => {
    const byDetail = [{ code: 'invalid', detail: 'This account has reached the limit of 1000 lists and segments.' }];
    const byMeta = [{ code: 'invalid', detail: 'Too many lists and segments.', meta: { limit: 1000 } }];
    const byCode = [{ code: 'list_limit_exceeded', detail: 'Nope.' }];
    for (const errors of [byDetail, byMeta, byCode]) {
      expect(isListCapError(errors)).toBe(true);
      const error = errorFromResponse(failure(400, errors, { op: OPERATIONS.createList }));
      expect(error.code).toBe('LIST_LIMIT_REACHED');
      expect(error.action?.kind).toBe('remove_lists');
    }
    expect(isListCapError([{ code: 'invalid', detail: 'Invalid email address' }])).toBe(false);
  });

  it('takes the cap from meta.limit when Klaviyo gives one', () => {
    const error = errorFromResponse(failure(400, [{ code: 'invalid', detail: 'limit of lists and segments reached', meta: { limit: 500 } }], { op: OPERATIONS.createList }));
    expect(error.details?.listCap).toBe(500);
  });

  it('maps a 429 on list creation with a wait beyond the minute to LIST_CREATE_DAILY_LIMIT with when it resets', () => {
    const error = errorFromResponse(failure(429, [{ code: 'throttled' }], { op: OPERATIONS.createList, retryAfterSeconds: 7200 }));
    expect(error.code).toBe('LIST_CREATE_DAILY_LIMIT');
    expect(error.details?.resetsAt).toBe(new Date(WALL + 7200_000).toISOString());
    expect(error.action?.resumeAfter).toBe(error.details?.resetsAt);
  });

  it('recognises the daily cap by a detail that says so, and scales resetsAt by the time scale', () => {
    const daily = failure(429, [{ code: 'throttled', detail: 'Daily limit of 150 lists reached.' }], { op: OPERATIONS.createList, retryAfterSeconds: 30, timeScale: 10 });
    expect(isDailyListCap(daily)).toBe(true);
    expect(errorFromResponse(daily).details?.resetsAt).toBe(new Date(WALL + 3000).toISOString());
  });

  it('maps an ordinary 429 to RATE_LIMITED with Retry-After', () => {
    const error = errorFromResponse(failure(429, [{ code: 'throttled' }], { retryAfterSeconds: 3 }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details?.retryAfterSeconds).toBe(3);
    expect(isDailyListCap(failure(429, null, { retryAfterSeconds: 3600 }))).toBe(false);
  });

  it('maps 400 invalid to VALIDATION_FAILED with every pointer', () => {
    const error = errorFromResponse(failure(400, [
      { code: 'invalid', detail: 'Invalid email address', source: { pointer: '/data/attributes/profiles/data/0/attributes/email' } },
      { code: 'invalid', detail: 'Invalid phone number format', source: { pointer: '/data/attributes/profiles/data/3/attributes/phone_number' } },
    ], { op: OPERATIONS.createBulkImportJob }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.pointer).toBe('/data/attributes/profiles/data/0/attributes/email');
    expect(String(error.details?.pointers).split('\n')).toHaveLength(2);
    expect(error.details?.errorCount).toBe(2);
    expect(error.message).toContain('Invalid email address');
  });

  it('maps 409 to DUPLICATE_PROFILE with the duplicate profile id', () => {
    const error = errorFromResponse(failure(409, [{ code: 'duplicate_profile', meta: { duplicate_profile_id: '01DUP' }, source: { pointer: '/data/attributes' } }], { op: OPERATIONS.upsertProfile }));
    expect(error.code).toBe('DUPLICATE_PROFILE');
    expect(error.details?.duplicateProfileId).toBe('01DUP');
  });

  it('maps 404 to LIST_NOT_FOUND on list endpoints and NOT_FOUND elsewhere', () => {
    expect(errorFromResponse(failure(404, [{ code: 'not_found' }], { op: OPERATIONS.getListProfiles })).code).toBe('LIST_NOT_FOUND');
    expect(errorFromResponse(failure(404, [{ code: 'not_found' }], { op: OPERATIONS.getBulkImportJob })).code).toBe('NOT_FOUND');
  });

  it('maps 5xx to SERVER_ERROR, JSON or not', () => {
    expect(errorFromResponse(failure(503, [{ code: 'service_unavailable' }])).code).toBe('SERVER_ERROR');
    expect(errorFromResponse(failure(502, null)).code).toBe('SERVER_ERROR');
  });

  it('maps an unexpected status to UNEXPECTED_RESPONSE', () => {
    expect(errorFromResponse(failure(415, [{ code: 'unsupported_media_type' }])).code).toBe('UNEXPECTED_RESPONSE');
    expect(errorFromResponse(failure(400, null)).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('names the operation and endpoint in details', () => {
    const error = errorFromResponse(failure(500, null, { op: OPERATIONS.removeProfilesFromList, attempts: 6 }));
    expect(error.details).toMatchObject({ operation: 'remove_profiles_from_list', endpoint: 'DELETE /api/lists/{id}/relationships/profiles', attempts: 6 });
  });

  it('never repeats an API key that Klaviyo echoes back', () => {
    const key = 'pk_TEST_abcdef0123456789abcdef_not_a_real_key';
    const error = errorFromResponse(failure(400, [{ code: 'invalid', detail: `Key ${key} is odd`, title: key, source: { pointer: `/data/${key}` } }]));
    expect(JSON.stringify(error.toData())).not.toContain(key);
    expect(error.message).not.toContain(key);
  });

  it('says a network failure of a non-idempotent request may have done the work', () => {
    const ambiguous = errorFromNetwork({ kind: 'network', op: OPERATIONS.createBulkImportJob, ambiguous: true, attempts: 1, systemCode: 'ECONNRESET' });
    expect(ambiguous.code).toBe('NETWORK_ERROR');
    expect(ambiguous.details).toMatchObject({ ambiguous: true, systemCode: 'ECONNRESET' });
    expect(ambiguous.message).toMatch(/may or may not/);
    const timeout = errorFromNetwork({ kind: 'timeout', op: OPERATIONS.getLists, ambiguous: true, attempts: 6 });
    expect(timeout.code).toBe('TIMEOUT');
    expect(timeout.message).not.toMatch(/may or may not/);
  });
});
