import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSubset } from '../../klaviyo-emulator/openapi/extract-spec';
import { IMPLEMENTED_OPERATIONS, SPEC_FILE_NAME } from '../../klaviyo-emulator/openapi/implemented';
import { loadSpec } from '../../klaviyo-emulator/spec';

const FULL_SPEC = '/work/shared/klaviyo/openapi/stable-2026-07-15.json';

describe('the committed OpenAPI subset', () => {
  it('holds every implemented operation with scopes and rate limits', () => {
    const spec = loadSpec();
    expect(spec.revision).toBe('2026-07-15');
    for (const id of IMPLEMENTED_OPERATIONS) {
      const op = spec.operations.get(id);
      expect(op, id).toBeDefined();
      expect(op?.scopes.length, id).toBeGreaterThan(0);
      expect(op?.rateLimit.burst, id).toMatch(/^\d+\/s$/);
    }
  });

  it('routes paths to operations, and tells 404, 405 and 501 apart', () => {
    const spec = loadSpec();
    const route = spec.route('GET', '/api/lists/Y6nRLr/relationships/profiles/');
    expect(route).toMatchObject({ kind: 'operation', operation: { id: 'get_profile_ids_for_list' }, params: { id: 'Y6nRLr' } });
    expect(spec.route('GET', '/api/nothing-here').kind).toBe('not-found');
    expect(spec.route('PUT', '/api/lists').kind).toBe('method-not-allowed');
    expect(spec.route('GET', '/api/campaigns').kind).toBe('not-implemented');
  });

  // Only where the team's full spec is present (not on a fresh clone): the committed file must be
  // exactly what the extraction script makes of it.
  it.skipIf(!existsSync(FULL_SPEC))('is what the extraction script produces from the full spec', () => {
    const full = JSON.parse(readFileSync(FULL_SPEC, 'utf8')) as Parameters<typeof extractSubset>[0];
    const committed: unknown = JSON.parse(readFileSync(new URL(`../../klaviyo-emulator/openapi/${SPEC_FILE_NAME}`, import.meta.url), 'utf8'));
    expect(JSON.parse(JSON.stringify(extractSubset(full)))).toEqual(committed);
  });
});
