import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { bulkImportBody, jsonBytes, profileBytes } from '../../../electron/core/klaviyo/payload-limits';
import { indexFromPointer, createPayloadMatcher } from '../../../electron/core/klaviyo/bulk-import-api';
import { LIMITS } from '../../../electron/core/klaviyo/operations';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com` }));

describe('bulk import payload limits', () => {
  it('builds the JSON:API body with the list relationship and measures it exactly', () => {
    const { body, bytes } = bulkImportBody([{ email: 'a@example.com', firstName: 'A' }], 'L1');
    expect(body).toEqual({
      data: {
        type: 'profile-bulk-import-job',
        attributes: { profiles: { data: [{ type: 'profile', attributes: { email: 'a@example.com', first_name: 'A' } }] } },
        relationships: { lists: { data: [{ type: 'list', id: 'L1' }] } },
      },
    });
    expect(bytes).toBe(jsonBytes(body));
  });

  it('measures multi-byte characters in UTF-8 bytes', () => {
    const { body, bytes } = bulkImportBody(people(3).map((p) => ({ ...p, firstName: 'Zoë 北京' })));
    expect(bytes).toBe(new TextEncoder().encode(JSON.stringify(body)).length);
  });

  it('accepts exactly 10,000 profiles and refuses 10,001, naming the first profile over', () => {
    expect(() => bulkImportBody(people(LIMITS.bulkImportProfiles))).not.toThrow();
    const error = refusal(() => bulkImportBody(people(LIMITS.bulkImportProfiles + 1)));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toMatchObject({ reason: 'too_many_profiles', index: 10_000, count: 10_001 });
  });

  it('refuses a profile over 100 KB and names its index', () => {
    const big = { email: 'big@example.com', properties: { blob: 'x'.repeat(LIMITS.bulkImportProfileBytes) } };
    const error = refusal(() => bulkImportBody([...people(5), big, ...people(2)]));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toMatchObject({ reason: 'profile_too_large', index: 5, pointer: '/data/attributes/profiles/data/5' });
  });

  it('refuses a batch over 5 MB and names the profile where it crosses the limit', () => {
    const profile = { email: 'a@example.com', properties: { blob: 'y'.repeat(90_000) } };
    const perProfile = profileBytes(profile) + 1;
    const fits = Math.floor(LIMITS.bulkImportBytes / perProfile);
    const error = refusal(() => bulkImportBody(Array.from({ length: fits + 5 }, () => profile)));
    expect(error.details?.reason).toBe('payload_too_large');
    const index = Number(error.details?.index);
    expect(() => bulkImportBody(Array.from({ length: index }, () => profile))).not.toThrow();
  });

  it('refuses an empty batch', () => {
    expect(refusal(() => bulkImportBody([])).code).toBe('INVALID_INPUT');
  });
});

describe('import error positions', () => {
  it('reads the profile index from a pointer', () => {
    expect(indexFromPointer('/data/attributes/profiles/data/12/attributes/email')).toBe(12);
    expect(indexFromPointer('/data/attributes/profiles/data/3')).toBe(3);
    expect(indexFromPointer('/data')).toBeNull();
    expect(indexFromPointer(null)).toBeNull();
  });

  it('matches an original payload to the profile it came from by its identifiers', () => {
    const match = createPayloadMatcher([{ email: 'a@example.com' }, { phoneNumber: '+12065550100' }, { externalId: 'x-9' }]);
    expect(match({ type: 'profile', attributes: { email: 'A@example.com' } })).toBe(0);
    expect(match({ phone_number: '+12065550100' })).toBe(1);
    expect(match({ attributes: { external_id: 'x-9' } })).toBe(2);
    expect(match({ attributes: { email: 'nobody@example.com' } })).toBeNull();
    expect(match('not an object')).toBeNull();
  });
});
