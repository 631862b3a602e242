import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { plannedFor } from '../../../electron/core/sync/plan-matcher';
import {
  contentKeysOf, memberContentHash, mergePayload, payloadOf, rowContentHash, toProfileAttributes,
} from '../../../electron/core/sync/row-profile';
import { packImportBatch, refusedProfiles } from '../../../electron/core/sync/import-phase';
import { missingProfiles } from '../../../electron/core/sync/remove-phase';
import { matchesSearch } from '../../../electron/core/lists/list-handlers';
import type { Mapping } from '../../../shared/mapping';

const member = { email: 'a@example.com', phone: null, external_id: 'crm-1', content_hash: 'h1' };

describe('a matched row’s planned action', () => {
  it('is unchanged when every identifier it carries is already the member’s', () => {
    expect(plannedFor({ email: 'a@example.com', phone: null, external_id: null, content_hash: null }, member, false)).toBe('unchanged');
    expect(plannedFor({ email: 'a@example.com', phone: null, external_id: 'crm-1', content_hash: null }, member, false)).toBe('unchanged');
  });

  it('is an update when the row adds an identifier the member lacks or changes one', () => {
    expect(plannedFor({ email: 'a@example.com', phone: '+14155552671', external_id: null, content_hash: null }, member, false)).toBe('update');
    expect(plannedFor({ email: 'a@example.com', phone: null, external_id: 'crm-2', content_hash: null }, member, false)).toBe('update');
  });

  it('compares content fingerprints only in full-profile mode', () => {
    const row = { email: 'a@example.com', phone: null, external_id: null, content_hash: 'h2' };
    expect(plannedFor(row, member, false)).toBe('unchanged');
    expect(plannedFor(row, member, true)).toBe('update');
    expect(plannedFor({ ...row, content_hash: 'h1' }, member, true)).toBe('unchanged');
    expect(plannedFor({ ...row, content_hash: 'h1' }, { ...member, content_hash: null }, true)).toBe('update');
  });
});

describe('a row as a Klaviyo profile', () => {
  it('sends identifiers always, and fields, location and properties from the payload', () => {
    const payload = { fields: { first_name: 'Ann', city: 'Oslo', zip: '0150' }, properties: { plan: 'gold', score: 7 } };
    expect(toProfileAttributes({ email: 'ann@example.com', phone: '+4722000000', externalId: null }, payload)).toEqual({
      email: 'ann@example.com', phoneNumber: '+4722000000', firstName: 'Ann', location: { city: 'Oslo', zip: '0150' }, properties: { plan: 'gold', score: 7 },
    });
    expect(toProfileAttributes({ email: null, phone: null, externalId: 'x1' }, null)).toEqual({ externalId: 'x1' });
  });

  it('applies a duplicate’s merge patch key by key', () => {
    const base = payloadOf({ fields: { first_name: 'Ann' }, properties: { plan: 'gold' } });
    expect(mergePayload(base, { fields: { last_name: 'Lee' }, properties: { plan: 'silver' } })).toEqual({
      fields: { first_name: 'Ann', last_name: 'Lee' }, properties: { plan: 'silver' },
    });
    expect(payloadOf({ fields: {}, properties: {} })).toBeNull();
  });

  it('fingerprints the same content the same way from the file and from Klaviyo', () => {
    const mapping: Mapping = {
      columns: [
        { index: 0, header: 'e', target: { kind: 'email' } },
        { index: 1, header: 'f', target: { kind: 'field', field: 'first_name' } },
        { index: 2, header: 'c', target: { kind: 'field', field: 'city' } },
        { index: 3, header: 'p', target: { kind: 'property', name: 'plan', type: 'string' } },
      ],
      defaultRegion: 'US',
    };
    const keys = contentKeysOf(mapping);
    const row = rowContentHash({ fields: { first_name: 'Ann', city: 'Oslo' }, properties: { plan: 'gold' } });
    const klaviyo = (attributes: object) => memberContentHash({ id: 'P', email: null, phone: null, externalId: null, attributes }, keys);
    expect(klaviyo({ firstName: 'Ann', location: { city: 'Oslo', zip: '9' }, properties: { plan: 'gold', other: 1 } })).toBe(row);
    expect(klaviyo({ firstName: 'Ann', location: { city: 'Bergen' }, properties: { plan: 'gold' } })).not.toBe(row);
    expect(klaviyo({ firstName: 'Ann', location: { city: 'Oslo' }, properties: {} })).not.toBe(row);
  });
});

describe('batches', () => {
  const rows = (n: number, payload: string | null = null) => Array.from({ length: n }, (_, i) => ({
    seq: i + 2, planned: 'add' as const, email: `p${i}@example.com`, phone: null, external_id: null, payload,
  }));

  it('takes at most the batch size', () => {
    expect(packImportBatch(rows(30), false, 12).rows).toHaveLength(12);
    expect(packImportBatch(rows(5), false, 12).profiles).toHaveLength(5);
  });

  it('stops before the 5 MB limit', () => {
    const big = JSON.stringify({ fields: {}, properties: { blob: 'x'.repeat(90_000) } });
    const packed = packImportBatch(rows(100, big), true);
    expect(packed.rows.length).toBeGreaterThan(40);
    expect(packed.rows.length).toBeLessThan(60);
  });

  it('reads which profiles a refused job named, and whether the list itself was the problem', () => {
    const refused = new AppError({
      code: 'VALIDATION_FAILED', message: 'refused',
      details: { pointers: '/data/attributes/profiles/data/3/attributes/email\n/data/attributes/profiles/data/9/attributes/phone_number', details: 'Invalid email address\nInvalid phone number format' },
    });
    expect([...refusedProfiles(refused, 10).indices]).toEqual([[3, 'Invalid email address'], [9, 'Invalid phone number format']]);
    expect(refusedProfiles(refused, 5).indices.size).toBe(1);
    const list = new AppError({ code: 'VALIDATION_FAILED', message: 'x', details: { pointer: '/data/relationships/lists/data/0/id' } });
    expect(refusedProfiles(list, 10)).toMatchObject({ aboutList: true });
    expect(refusedProfiles(new AppError({ code: 'VALIDATION_FAILED', message: 'x' }), 10).indices.size).toBe(0);
  });

  it('reads which profile ids a refused removal named', () => {
    const error = new AppError({ code: 'VALIDATION_FAILED', message: 'x', details: { pointers: '/data/2/id\n/data/7/id\n/data' } });
    expect(missingProfiles(error, 5)).toEqual([2]);
    expect(missingProfiles(error, 10)).toEqual([2, 7]);
  });
});

describe('the list picker’s search', () => {
  it('matches a part of the name, in any case, or the exact id', () => {
    const list = { id: 'XyZ123', name: 'Summer Sale VIP' };
    expect(matchesSearch(list, undefined)).toBe(true);
    expect(matchesSearch(list, 'sale v')).toBe(true);
    expect(matchesSearch(list, 'xyz123')).toBe(true);
    expect(matchesSearch(list, 'xyz')).toBe(false);
  });
});
