import { describe, expect, it } from 'vitest';
import { resolveIdentity, upsertProfile } from '../../klaviyo-emulator/identity';
import { ProfileStore } from '../../klaviyo-emulator/profile-store';

function storeWith(): { store: ProfileStore; a: string; b: string } {
  const store = new ProfileStore();
  const a = store.create({ email: 'a@example.com', external_id: 'ext-a' }, 1).id;
  const b = store.create({ email: 'b@example.com', phone_number: '+12065550100' }, 1).id;
  return { store, a, b };
}

describe('identity resolution', () => {
  it('creates when nothing matches', () => {
    const { store } = storeWith();
    expect(resolveIdentity(store, { email: 'new@example.com', phone_number: '+447911123456' })).toEqual({ kind: 'create' });
  });

  it('updates the one profile all identifiers point at, matching emails case-insensitively', () => {
    const { store, a } = storeWith();
    const r = resolveIdentity(store, { email: 'A@EXAMPLE.com', external_id: 'ext-a' });
    expect(r.kind === 'update' && r.profile.id).toBe(a);
  });

  it('is a conflict when identifiers point at two profiles, naming the other one', () => {
    const { store, b } = storeWith();
    expect(resolveIdentity(store, { email: 'a@example.com', phone_number: '+12065550100' })).toEqual({ kind: 'conflict', duplicateId: b });
  });

  it('is a conflict when the email differs from that of the profile found by phone or external id', () => {
    const { store, a, b } = storeWith();
    expect(resolveIdentity(store, { email: 'other@example.com', external_id: 'ext-a' })).toEqual({ kind: 'conflict', duplicateId: a });
    expect(resolveIdentity(store, { email: 'other@example.com', phone_number: '+12065550100' })).toEqual({ kind: 'conflict', duplicateId: b });
  });

  it('sets identifiers a profile lacks and keeps fields not given', () => {
    const { store, a } = storeWith();
    const r = upsertProfile(store, { attributes: { external_id: 'ext-a', phone_number: '+447911123456' } }, 2, false);
    expect(r.kind === 'update' && r.profile.id).toBe(a);
    const profile = store.get(a);
    expect(profile).toMatchObject({ email: 'a@example.com', phone_number: '+447911123456', updated: 2 });
    expect(store.findBy('phone_number', '+447911123456')?.id).toBe(a);
  });

  it('reports an unknown profile id', () => {
    const { store } = storeWith();
    expect(resolveIdentity(store, { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' })).toEqual({ kind: 'unknown-id', id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' });
  });

  it('clears a field given as null only when asked to (profile-import, not bulk import)', () => {
    const { store, a } = storeWith();
    upsertProfile(store, { attributes: { email: 'a@example.com', external_id: null } }, 3, false);
    expect(store.get(a)?.external_id).toBe('ext-a');
    upsertProfile(store, { attributes: { email: 'a@example.com', external_id: null } }, 3, true);
    expect(store.get(a)?.external_id).toBeNull();
    expect(store.findBy('external_id', 'ext-a')).toBeUndefined();
  });
});
