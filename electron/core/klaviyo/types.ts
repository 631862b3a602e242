/** The client's domain objects: camelCase, validated, with Klaviyo's wire names left at the edge. */
import type { KlaviyoList } from '../../../shared/api';

export interface KlaviyoAccount {
  id: string;
  /** `contact_information.organization_name`. */
  name: string;
  timezone: string | null;
  currency: string | null;
  defaultSenderEmail: string | null;
}

export interface KlaviyoListRecord extends KlaviyoList {
  optInProcess: 'single_opt_in' | 'double_opt_in' | null;
}

export interface ProfileLocation {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  country?: string | null;
  region?: string | null;
  zip?: string | null;
  timezone?: string | null;
  ip?: string | null;
  latitude?: string | number | null;
  longitude?: string | number | null;
}

/**
 * What we write to a profile. `null` clears a field through profile-import; bulk import cannot clear
 * fields (Klaviyo: "does not support setting fields to null"), so nulls are left out there.
 */
export interface ProfileAttributes {
  email?: string | null;
  phoneNumber?: string | null;
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  organization?: string | null;
  title?: string | null;
  locale?: string | null;
  image?: string | null;
  location?: ProfileLocation | null;
  properties?: Record<string, unknown> | null;
}

/** What Klaviyo returns about a profile besides its identifiers. */
export interface ProfileDetails {
  firstName?: string | null;
  lastName?: string | null;
  organization?: string | null;
  title?: string | null;
  locale?: string | null;
  image?: string | null;
  location?: ProfileLocation | null;
  properties?: Record<string, unknown> | null;
  created?: string | null;
  updated?: string | null;
  /** List members only: when the profile last joined the list. */
  joinedGroupAt?: string | null;
}

/** A list member, as far as the sync needs one. */
export interface Member {
  id: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  /** Present when fields beyond the identifiers were asked for. */
  attributes?: ProfileDetails;
}

export type Profile = Member;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null at the last page. */
  nextCursor: string | null;
}

export interface MembersPage {
  members: Member[];
  nextCursor: string | null;
}

export interface MemberIdsPage {
  ids: string[];
  nextCursor: string | null;
}

export type BulkImportStatus = 'queued' | 'processing' | 'complete' | 'cancelled';

export interface BulkImportJob {
  id: string;
  status: BulkImportStatus;
  createdAt: string | null;
  totalCount: number;
  completedCount: number;
  failedCount: number;
  startedAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

export interface ImportError {
  id: string;
  code: string;
  title: string;
  detail: string;
  pointer: string | null;
  /** Index of the profile in the job's payload: from the pointer, else matched by identifiers; null if neither works. */
  index: number | null;
  originalPayload: unknown;
}

/** Member fields that can be asked for (camelCase names of `fields[profile]`). */
export const MEMBER_FIELDS = {
  email: 'email',
  phone: 'phone_number',
  externalId: 'external_id',
  firstName: 'first_name',
  lastName: 'last_name',
  organization: 'organization',
  title: 'title',
  locale: 'locale',
  image: 'image',
  location: 'location',
  properties: 'properties',
  created: 'created',
  updated: 'updated',
  joinedGroupAt: 'joined_group_at',
} as const;
export type MemberField = keyof typeof MEMBER_FIELDS;

export interface KeyCheck {
  /** Null when the key lacks accounts:read (then the account cannot be named). */
  accountId: string | null;
  accountName: string | null;
  /** Required scopes (shared/credentials.ts REQUIRED_SCOPES) the key does not have. */
  missingScopes: string[];
}

export interface ListsAndSegmentsCount {
  lists: number;
  /** Null when the key may not read segments (segments:read is not a scope a sync needs). */
  segments: number | null;
  /** Klaviyo's cap on lists and segments together. */
  cap: number;
}

export interface SubscriptionProfile {
  email?: string;
  phoneNumber?: string;
  /** Which channels to subscribe (marketing consent: Klaviyo only accepts SUBSCRIBED). */
  channels: readonly ('email' | 'sms')[];
  /** ISO 8601, in the past: only for a historical import. */
  consentedAt?: string;
}
