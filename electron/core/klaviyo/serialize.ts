/**
 * Between our camelCase domain objects and Klaviyo's snake_case JSON:API bodies. `properties` keys are
 * the customer's own names and travel unchanged (the official SDK does the same).
 */
import type { z } from 'zod';
import type { KlaviyoAccount, KlaviyoListRecord, Member, ProfileAttributes, ProfileDetails, BulkImportJob } from './types';
import type { AccountsSchema, BulkImportJobResourceSchema, ListResourceSchema, WireProfile } from './wire-schemas';

const ATTRIBUTE_NAMES: Readonly<Record<keyof ProfileAttributes, string>> = {
  email: 'email',
  phoneNumber: 'phone_number',
  externalId: 'external_id',
  firstName: 'first_name',
  lastName: 'last_name',
  organization: 'organization',
  title: 'title',
  locale: 'locale',
  image: 'image',
  location: 'location',
  properties: 'properties',
};

/**
 * Klaviyo's attributes object for a profile. Undefined fields are left out (unchanged on Klaviyo);
 * `null` is sent (it clears the field) unless `dropNulls`, for bulk import, which cannot clear.
 */
export function toWireAttributes(attributes: ProfileAttributes, options: { dropNulls?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, wire] of Object.entries(ATTRIBUTE_NAMES) as [keyof ProfileAttributes, string][]) {
    const value = attributes[key];
    if (value === undefined || (value === null && options.dropNulls)) continue;
    if (key === 'location' && value !== null && typeof value === 'object') {
      const location = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(v === null && options.dropNulls)));
      if (Object.keys(location).length > 0) out[wire] = location;
      continue;
    }
    out[wire] = value;
  }
  return out;
}

/** One profile resource as profile-import and bulk import take it. */
export function toProfileResource(attributes: ProfileAttributes, options: { dropNulls?: boolean } = {}): Record<string, unknown> {
  return { type: 'profile', attributes: toWireAttributes(attributes, options) };
}

export function fromWireMember(resource: WireProfile, withDetails: boolean): Member {
  const a = resource.attributes ?? {};
  const member: Member = {
    id: resource.id,
    email: a.email ?? null,
    phone: a.phone_number ?? null,
    externalId: a.external_id ?? null,
  };
  if (!withDetails) return member;
  const details: ProfileDetails = {};
  const set = <K extends keyof ProfileDetails>(key: K, value: ProfileDetails[K] | undefined) => {
    if (value !== undefined) details[key] = value;
  };
  set('firstName', a.first_name);
  set('lastName', a.last_name);
  set('organization', a.organization);
  set('title', a.title);
  set('locale', a.locale);
  set('image', a.image);
  set('location', a.location);
  set('properties', a.properties);
  set('created', a.created);
  set('updated', a.updated);
  set('joinedGroupAt', a.joined_group_at);
  member.attributes = details;
  return member;
}

export function fromWireList(resource: z.infer<typeof ListResourceSchema>): KlaviyoListRecord {
  const a = resource.attributes;
  return {
    id: resource.id,
    name: a.name,
    created: a.created ?? null,
    updated: a.updated ?? null,
    optInProcess: a.opt_in_process ?? null,
    profileCount: a.profile_count ?? null,
  };
}

export function fromWireAccount(body: z.infer<typeof AccountsSchema>): KlaviyoAccount {
  // Klaviyo returns exactly one account per private key; the schema guarantees at least one.
  const account = body.data[0] as z.infer<typeof AccountsSchema>['data'][number];
  const a = account.attributes;
  return {
    id: account.id,
    name: a.contact_information.organization_name,
    timezone: a.timezone ?? null,
    currency: a.preferred_currency ?? null,
    defaultSenderEmail: a.contact_information.default_sender_email ?? null,
  };
}

export function fromWireJob(resource: z.infer<typeof BulkImportJobResourceSchema>): BulkImportJob {
  const a = resource.attributes;
  return {
    id: resource.id,
    status: a.status,
    createdAt: a.created_at ?? null,
    totalCount: a.total_count,
    completedCount: a.completed_count ?? 0,
    failedCount: a.failed_count ?? 0,
    startedAt: a.started_at ?? null,
    completedAt: a.completed_at ?? null,
    expiresAt: a.expires_at ?? null,
  };
}
