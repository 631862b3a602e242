/**
 * Identity resolution, the same for profile-import and bulk import: find the profiles matching
 * the given id, email (case-insensitive), phone number and external id. None: create. All one
 * profile: update it. Two different profiles, or an email that differs from the email of the
 * profile found by phone / external id: a conflict (Klaviyo's 409 `duplicate_profile`, with the
 * other profile's id; API-NOTES §5, klaviyo-api-node#75).
 */
import { emailKey, IDENTIFIER_FIELDS, type Profile, type ProfileStore, type ScalarField, SCALAR_FIELDS } from './profile-store';

export interface IdentityInput {
  id?: string | null;
  email?: string | null;
  phone_number?: string | null;
  external_id?: string | null;
}

export type Resolution =
  | { kind: 'create' }
  | { kind: 'update'; profile: Profile }
  | { kind: 'conflict'; duplicateId: string }
  | { kind: 'unknown-id'; id: string };

export function resolveIdentity(store: ProfileStore, input: IdentityInput): Resolution {
  let byId: Profile | undefined;
  if (typeof input.id === 'string' && input.id !== '') {
    byId = store.get(input.id);
    if (!byId) return { kind: 'unknown-id', id: input.id };
  }
  const byEmail = typeof input.email === 'string' ? store.findBy('email', input.email) : undefined;
  const byExternal = typeof input.external_id === 'string' ? store.findBy('external_id', input.external_id) : undefined;
  const byPhone = typeof input.phone_number === 'string' ? store.findBy('phone_number', input.phone_number) : undefined;
  // The first match in this order is the profile we update; any other one is the duplicate.
  const ordered = [byId, byEmail, byExternal, byPhone].filter((p): p is Profile => p !== undefined);
  const primary = ordered[0];
  if (!primary) return { kind: 'create' };
  const other = ordered.find((p) => p !== primary);
  if (other) return { kind: 'conflict', duplicateId: other.id };
  if (typeof input.email === 'string' && byEmail === undefined && primary.email !== null
    && emailKey(primary.email) !== emailKey(input.email)) {
    return { kind: 'conflict', duplicateId: primary.id };
  }
  return { kind: 'update', profile: primary };
}

export interface UpsertAttributes {
  [key: string]: unknown;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Applies upsert attributes to a profile. A field not given is left alone; with `nullClears` a
 * null clears it (profile-import), without it a null is ignored (bulk import "does not support
 * setting fields to null", API-NOTES §3.9). `properties` merge key by key.
 */
export function applyAttributes(store: ProfileStore, profile: Profile, attributes: UpsertAttributes, nullClears: boolean): void {
  for (const field of SCALAR_FIELDS) {
    if (!(field in attributes)) continue;
    const value = attributes[field];
    if (value === null && !nullClears) continue;
    const next = asString(value);
    // Emails compare case-insensitively: the same address in other case keeps the stored form.
    if (field === 'email' && next !== null && profile.email !== null && emailKey(next) === emailKey(profile.email)) continue;
    if ((IDENTIFIER_FIELDS as readonly string[]).includes(field)) {
      store.setIdentifier(profile, field as (typeof IDENTIFIER_FIELDS)[number], next);
    } else {
      profile[field as Exclude<ScalarField, (typeof IDENTIFIER_FIELDS)[number]>] = next;
    }
  }
  if ('location' in attributes) {
    const location = attributes.location;
    if (location === null) {
      if (nullClears) profile.location = null;
    } else if (typeof location === 'object' && !Array.isArray(location)) {
      profile.location = { ...(profile.location ?? {}), ...(location as Record<string, string | number | null>) };
    }
  }
  if ('properties' in attributes) {
    const properties = attributes.properties;
    if (properties === null) {
      if (nullClears) profile.properties = {};
    } else if (typeof properties === 'object' && !Array.isArray(properties)) {
      profile.properties = { ...profile.properties, ...(properties as Record<string, unknown>) };
    }
  }
}

/** Resolves and applies one upsert; the caller turns a conflict into its own kind of error. */
export function upsertProfile(
  store: ProfileStore,
  input: { id?: string | null; attributes: UpsertAttributes },
  now: number,
  nullClears: boolean,
): Resolution & { created?: boolean } {
  const identity: IdentityInput = {
    id: input.id ?? null,
    email: asString(input.attributes.email),
    phone_number: asString(input.attributes.phone_number),
    external_id: asString(input.attributes.external_id),
  };
  const resolution = resolveIdentity(store, identity);
  if (resolution.kind === 'create') {
    const profile = store.create({}, now);
    applyAttributes(store, profile, input.attributes, nullClears);
    return { kind: 'update', profile, created: true };
  }
  if (resolution.kind === 'update') {
    applyAttributes(store, resolution.profile, input.attributes, nullClears);
    resolution.profile.updated = now;
    return { ...resolution, created: false };
  }
  return resolution;
}
