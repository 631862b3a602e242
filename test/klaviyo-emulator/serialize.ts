/**
 * JSON:API resource objects as Klaviyo returns them: `{ type, id, attributes, relationships,
 * links: { self } }`, with `fields[<type>]` sparse fieldsets applied to attributes.
 */
import { isoTime } from './ids';
import type { ImportJob } from './jobs';
import type { Membership } from './member-list';
import type { Profile } from './profile-store';
import type { Account, ListRecord, SegmentRecord } from './store';

function resourceLink(base: string, path: string): { self: string } {
  return { self: `${base}${path}` };
}

function relationship(base: string, owner: string, id: string, name: string): { links: { self: string; related: string } } {
  return { links: { self: `${base}/api/${owner}/${id}/relationships/${name}/`, related: `${base}/api/${owner}/${id}/${name}/` } };
}

/**
 * Keeps only the requested attributes; `fields` may name nested ones (`location.city`), which
 * keep that part of the object.
 */
export function sparse(attributes: Record<string, unknown>, fields: string[] | null): Record<string, unknown> {
  if (!fields) return attributes;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (head === undefined || !(head in attributes)) continue;
    if (rest.length === 0) {
      out[head] = attributes[head];
      continue;
    }
    let source: unknown = attributes[head];
    let target = (out[head] ??= {}) as Record<string, unknown>;
    for (let i = 0; i < rest.length; i += 1) {
      const key = rest[i] as string;
      if (typeof source !== 'object' || source === null) break;
      const value = (source as Record<string, unknown>)[key];
      if (i === rest.length - 1) target[key] = value ?? null;
      else {
        source = value;
        target = (target[key] ??= {}) as Record<string, unknown>;
      }
    }
  }
  return out;
}

export function profileAttributes(profile: Profile): Record<string, unknown> {
  return {
    email: profile.email,
    phone_number: profile.phone_number,
    external_id: profile.external_id,
    first_name: profile.first_name,
    last_name: profile.last_name,
    organization: profile.organization,
    locale: profile.locale,
    title: profile.title,
    image: profile.image,
    created: isoTime(profile.created),
    updated: isoTime(profile.updated),
    last_event_date: null,
    location: profile.location,
    properties: profile.properties,
  };
}

export function subscriptionsView(profile: Profile): Record<string, unknown> {
  const email = profile.consent.email;
  const sms = profile.consent.sms;
  return {
    email: { marketing: email
      ? { can_receive_email_marketing: true, consent: 'SUBSCRIBED', consent_timestamp: isoTime(email.at), method: 'API', suppression: [], list_suppressions: [] }
      : { can_receive_email_marketing: profile.email !== null, consent: 'NEVER_SUBSCRIBED', suppression: [], list_suppressions: [] } },
    sms: { marketing: sms
      ? { can_receive_sms_marketing: true, consent: 'SUBSCRIBED', consent_timestamp: isoTime(sms.at), method: 'API' }
      : { can_receive_sms_marketing: false, consent: 'NEVER_SUBSCRIBED' } },
  };
}

export interface ProfileViewOptions {
  fields: string[] | null;
  additional: string[];
  membership?: Membership;
}

export function profileResource(base: string, profile: Profile, options: ProfileViewOptions): Record<string, unknown> {
  const attributes = profileAttributes(profile);
  if (options.membership) attributes.joined_group_at = isoTime(options.membership.joinedAt);
  if (options.additional.includes('subscriptions')) attributes.subscriptions = subscriptionsView(profile);
  if (options.additional.includes('predictive_analytics')) attributes.predictive_analytics = null;
  return {
    type: 'profile',
    id: profile.id,
    // The spec marks joined_group_at required on list members, so sparse fieldsets keep it.
    attributes: sparse(attributes, options.fields
      ? [...options.fields, ...options.additional, ...(options.membership ? ['joined_group_at'] : [])]
      : null),
    relationships: {
      lists: relationship(base, 'profiles', profile.id, 'lists'),
      segments: relationship(base, 'profiles', profile.id, 'segments'),
    },
    links: resourceLink(base, `/api/profiles/${profile.id}/`),
  };
}

export function listResource(base: string, list: ListRecord, fields: string[] | null, withCount: boolean): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    name: list.name,
    created: isoTime(list.created),
    updated: isoTime(list.updated),
    opt_in_process: list.optInProcess,
  };
  if (withCount) attributes.profile_count = list.members.size;
  return {
    type: 'list',
    id: list.id,
    attributes: sparse(attributes, fields ? [...fields, ...(withCount ? ['profile_count'] : [])] : null),
    relationships: {
      profiles: relationship(base, 'lists', list.id, 'profiles'),
      tags: relationship(base, 'lists', list.id, 'tags'),
      'flow-triggers': relationship(base, 'lists', list.id, 'flow-triggers'),
    },
    links: resourceLink(base, `/api/lists/${list.id}/`),
  };
}

export function segmentResource(base: string, segment: SegmentRecord, fields: string[] | null): Record<string, unknown> {
  return {
    type: 'segment',
    id: segment.id,
    attributes: sparse({
      name: segment.name,
      definition: null,
      created: isoTime(segment.created),
      updated: isoTime(segment.updated),
      is_active: true,
      is_processing: false,
      is_starred: false,
    }, fields),
    relationships: {
      profiles: relationship(base, 'segments', segment.id, 'profiles'),
      tags: relationship(base, 'segments', segment.id, 'tags'),
      'flow-triggers': relationship(base, 'segments', segment.id, 'flow-triggers'),
    },
    links: resourceLink(base, `/api/segments/${segment.id}/`),
  };
}

export function jobResource(base: string, job: ImportJob, fields: string[] | null): Record<string, unknown> {
  const jobPath = `/api/profile-bulk-import-jobs/${job.id}`;
  return {
    type: 'profile-bulk-import-job',
    id: job.id,
    attributes: sparse({
      status: job.status,
      created_at: isoTime(job.created),
      total_count: job.total,
      completed_count: job.succeeded,
      failed_count: job.failed,
      completed_at: job.completed === null ? null : isoTime(job.completed),
      expires_at: isoTime(job.expires),
      started_at: job.started === null ? null : isoTime(job.started),
    }, fields),
    relationships: {
      lists: { data: job.listIds.map((id) => ({ type: 'list', id })), ...relationship(base, 'profile-bulk-import-jobs', job.id, 'lists') },
      profiles: relationship(base, 'profile-bulk-import-jobs', job.id, 'profiles'),
      'import-errors': { links: { related: `${base}${jobPath}/import-errors/` } },
    },
    links: resourceLink(base, `${jobPath}/`),
  };
}

export function accountResource(base: string, account: Account): Record<string, unknown> {
  const slug = account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
  return {
    type: 'account',
    id: account.id,
    attributes: {
      test_account: false,
      contact_information: {
        default_sender_name: account.name,
        default_sender_email: `marketing@${slug}.example.com`,
        website_url: `https://${slug}.example.com`,
        organization_name: account.name,
        street_address: { address1: '125 Summer Street', address2: null, city: 'Boston', region: 'MA', country: 'US', zip: '02110' },
      },
      industry: null,
      timezone: 'America/New_York',
      preferred_currency: 'USD',
      public_api_key: account.id,
      locale: 'en-US',
    },
    links: resourceLink(base, `/api/accounts/${account.id}/`),
  };
}
