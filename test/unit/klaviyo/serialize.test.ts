import { describe, expect, it } from 'vitest';
import { fromWireMember, toProfileResource, toWireAttributes } from '../../../electron/core/klaviyo/serialize';

describe('profile serialization', () => {
  it('writes Klaviyo snake_case names on the wire', () => {
    expect(toWireAttributes({
      email: 'a@example.com', phoneNumber: '+12065550100', externalId: 'crm-1', firstName: 'Ada', lastName: 'L',
      organization: 'Org', title: 'CTO', locale: 'en-US', image: 'https://x/y.png',
    })).toEqual({
      email: 'a@example.com', phone_number: '+12065550100', external_id: 'crm-1', first_name: 'Ada', last_name: 'L',
      organization: 'Org', title: 'CTO', locale: 'en-US', image: 'https://x/y.png',
    });
  });

  it('passes custom property names through unchanged', () => {
    const wire = toWireAttributes({ email: 'a@example.com', properties: { loyaltyTier: 'gold', some_key: 1 } });
    expect(wire.properties).toEqual({ loyaltyTier: 'gold', some_key: 1 });
  });

  it('leaves out undefined fields and keeps null ones (null clears a field in profile-import)', () => {
    expect(toWireAttributes({ email: 'a@example.com', firstName: null, lastName: undefined })).toEqual({ email: 'a@example.com', first_name: null });
  });

  it('drops nulls for bulk import, which cannot clear fields', () => {
    expect(toProfileResource({ email: 'a@example.com', firstName: null, location: { city: 'Oslo', zip: null } }, { dropNulls: true }))
      .toEqual({ type: 'profile', attributes: { email: 'a@example.com', location: { city: 'Oslo' } } });
  });

  it('reads a member into camelCase, with details only when asked', () => {
    const resource = {
      type: 'profile' as const, id: 'P1',
      attributes: { email: 'a@example.com', phone_number: null, external_id: 'x', first_name: 'Ada', joined_group_at: '2026-01-01T00:00:00Z' },
    };
    expect(fromWireMember(resource, false)).toEqual({ id: 'P1', email: 'a@example.com', phone: null, externalId: 'x' });
    expect(fromWireMember(resource, true).attributes).toEqual({ firstName: 'Ada', joinedGroupAt: '2026-01-01T00:00:00Z' });
  });

  it('reads a member with no attributes at all as identifiers set to null', () => {
    expect(fromWireMember({ type: 'profile', id: 'P2' }, false)).toEqual({ id: 'P2', email: null, phone: null, externalId: null });
  });
});
