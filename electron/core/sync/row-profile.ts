/**
 * A staged row as Klaviyo profile attributes, and the fingerprint of its mapped content (pure).
 * The staged payload keeps the pipeline's own shape ({ fields, properties }), so a merge patch from a
 * later duplicate applies to it key by key, exactly as the exporter applies it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LOCATION_FIELDS, type Mapping } from '../../../shared/mapping';
import type { NormalizedProfile, PropertyValue } from '../audience/types';
import type { Member, ProfileAttributes, ProfileLocation } from '../klaviyo/types';

/** What run_rows.payload holds in full-profile mode. */
export interface RowPayload {
  fields: NormalizedProfile['fields'];
  properties: Record<string, PropertyValue>;
}

const PayloadSchema = z.object({
  fields: z.record(z.string(), z.string()),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export function parsePayload(text: string | null): RowPayload | null {
  if (text === null) return null;
  const parsed = PayloadSchema.safeParse(JSON.parse(text));
  return parsed.success ? (parsed.data as RowPayload) : null;
}

/** Null when there is nothing beyond the identifiers to write. */
export function payloadOf(profile: Pick<NormalizedProfile, 'fields' | 'properties'>): RowPayload | null {
  const hasFields = Object.keys(profile.fields).length > 0;
  const hasProperties = Object.keys(profile.properties).length > 0;
  return hasFields || hasProperties ? { fields: { ...profile.fields }, properties: { ...profile.properties } } : null;
}

/** A merge patch's fields and properties over a staged payload, key by key (the later duplicate fills gaps). */
export function mergePayload(base: RowPayload | null, set: Partial<Pick<NormalizedProfile, 'fields' | 'properties'>>): RowPayload | null {
  const merged: RowPayload = {
    fields: { ...(base?.fields ?? {}), ...(set.fields ?? {}) },
    properties: { ...(base?.properties ?? {}), ...(set.properties ?? {}) },
  };
  return payloadOf(merged);
}

const PROFILE_KEYS = {
  first_name: 'firstName', last_name: 'lastName', organization: 'organization', title: 'title', locale: 'locale', image: 'image',
} as const;
const LOCATION = new Set<string>(LOCATION_FIELDS);

export interface RowIdentity {
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

/** The attributes one bulk-import profile carries: identifiers always, fields and properties in full mode. */
export function toProfileAttributes(row: RowIdentity, payload: RowPayload | null): ProfileAttributes {
  const out: ProfileAttributes = {};
  if (row.email !== null) out.email = row.email;
  if (row.phone !== null) out.phoneNumber = row.phone;
  if (row.externalId !== null) out.externalId = row.externalId;
  if (!payload) return out;
  const location: ProfileLocation = {};
  for (const [key, value] of Object.entries(payload.fields)) {
    if (LOCATION.has(key)) (location as Record<string, string>)[key] = value;
    else if (key in PROFILE_KEYS) out[PROFILE_KEYS[key as keyof typeof PROFILE_KEYS]] = value;
  }
  if (Object.keys(location).length > 0) out.location = location;
  if (Object.keys(payload.properties).length > 0) out.properties = { ...payload.properties };
  return out;
}

/** Flattened `{ "first_name": …, "location.city": …, "properties.plan": … }`, keys sorted. */
function fingerprint(flat: Map<string, unknown>): string | null {
  if (flat.size === 0) return null;
  const keys = [...flat.keys()].sort();
  const text = JSON.stringify(keys.map((k) => [k, flat.get(k)]));
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The fingerprint of what a full-profile sync would write for this row; null when it writes nothing beyond identifiers. */
export function rowContentHash(payload: RowPayload | null): string | null {
  if (!payload) return null;
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(payload.fields)) flat.set(LOCATION.has(key) ? `location.${key}` : key, value);
  for (const [key, value] of Object.entries(payload.properties)) flat.set(`properties.${key}`, value);
  return fingerprint(flat);
}

/** The mapped fields and properties a member's content is compared on. */
export interface ContentKeys {
  fields: string[];
  properties: string[];
}

export function contentKeysOf(mapping: Mapping): ContentKeys {
  const fields: string[] = [];
  const properties: string[] = [];
  for (const column of mapping.columns) {
    if (column.target.kind === 'field') fields.push(column.target.field);
    if (column.target.kind === 'property') properties.push(column.target.name);
  }
  return { fields, properties };
}

/**
 * The same fingerprint over what Klaviyo holds for the mapped keys (absent or empty values left out,
 * as the pipeline leaves out empty cells). Equal fingerprints mean the import would change nothing;
 * a cell left empty in the file where Klaviyo has a value makes them differ, which only costs an
 * unneeded (harmless) update.
 */
export function memberContentHash(member: Member, keys: ContentKeys): string | null {
  const a = member.attributes;
  if (!a) return null;
  const flat = new Map<string, unknown>();
  for (const field of keys.fields) {
    const value = LOCATION.has(field)
      ? (a.location as Record<string, unknown> | null | undefined)?.[field]
      : (a as Record<string, unknown>)[PROFILE_KEYS[field as keyof typeof PROFILE_KEYS] ?? field];
    if (value !== null && value !== undefined && value !== '') flat.set(LOCATION.has(field) ? `location.${field}` : field, value);
  }
  for (const name of keys.properties) {
    const value = a.properties?.[name];
    if (value !== null && value !== undefined && value !== '') flat.set(`properties.${name}`, value);
  }
  return fingerprint(flat);
}
