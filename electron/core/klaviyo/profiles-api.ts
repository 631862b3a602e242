/** Profiles: find by identifier, upsert one, and subscribe in bulk. */
import { AppError } from '../../../shared/errors';
import type { CallOptions } from './lists-api';
import { LIMITS, OPERATIONS } from './operations';
import { findByFilter } from './filter-lookup';
import { fromWireMember, toWireAttributes } from './serialize';
import type { Transport } from './transport';
import type { Profile, ProfileAttributes, SubscriptionProfile } from './types';
import { ProfileSchema } from './wire-schemas';

export interface ProfileLookup {
  emails?: readonly string[];
  phones?: readonly string[];
  externalIds?: readonly string[];
}

function lookupField(by: ProfileLookup): [string, readonly string[]] {
  const given: [string, readonly string[]][] = [];
  if (by.emails !== undefined) given.push(['email', by.emails]);
  if (by.phones !== undefined) given.push(['phone_number', by.phones]);
  if (by.externalIds !== undefined) given.push(['external_id', by.externalIds]);
  const [only] = given;
  if (given.length !== 1 || !only) {
    throw new AppError({ code: 'INVALID_INPUT', message: 'Look profiles up by exactly one of: emails, phone numbers, external ids.' });
  }
  return only;
}

export interface SubscriptionJobInput {
  listId: string;
  profiles: readonly SubscriptionProfile[];
  /** Shown in Klaviyo as where the consent came from. */
  customSource?: string;
  /**
   * Consent collected in the past (each profile then needs `consentedAt`): Klaviyo skips double opt-in
   * and "Added to list" flows for it.
   */
  historicalImport?: boolean;
}

export function createProfilesApi(transport: Transport) {
  /** Profiles with any of these identifiers (one kind per call; chunked into `any(...)` filters). */
  async function findProfiles(by: ProfileLookup, options: CallOptions = {}): Promise<Profile[]> {
    const [field, values] = lookupField(by);
    return findByFilter(transport, { op: OPERATIONS.getProfiles, field, values, signal: options.signal });
  }

  /**
   * Creates or updates one profile (Klaviyo matches it by its identifiers). `null` clears a field.
   * 409 DUPLICATE_PROFILE when the identifiers belong to different existing profiles.
   */
  async function upsertProfile(attributes: ProfileAttributes, options: CallOptions = {}): Promise<{ id: string; created: boolean; profile: Profile }> {
    const wire = toWireAttributes(attributes);
    if (wire.email == null && wire.phone_number == null && wire.external_id == null) {
      throw new AppError({ code: 'INVALID_INPUT', message: 'A profile needs an email, a phone number or an external ID.' });
    }
    const reply = await transport.request({
      op: OPERATIONS.upsertProfile,
      body: { data: { type: 'profile', attributes: wire } },
      schema: ProfileSchema,
      signal: options.signal,
    });
    const data = reply.data as NonNullable<typeof reply.data>;
    // 201 when Klaviyo created the profile, 200 when it updated one (a retried create answers 200).
    return { id: data.data.id, created: reply.status === 201, profile: fromWireMember(data.data, true) };
  }

  /** Subscribes up to 1000 people to marketing on a list (202: Klaviyo does it asynchronously). */
  async function createSubscriptionJob(input: SubscriptionJobInput, options: CallOptions = {}): Promise<void> {
    if (input.profiles.length === 0 || input.profiles.length > LIMITS.subscribeProfiles) {
      throw new AppError({ code: 'INVALID_INPUT', message: `Subscribe 1 to ${LIMITS.subscribeProfiles} people per request (got ${input.profiles.length}).` });
    }
    const historical = input.historicalImport ?? false;
    const data = input.profiles.map((p, index) => {
      // Klaviyo: consented_at is allowed only for a historical import, and required there.
      if (historical && !p.consentedAt) {
        throw new AppError({ code: 'INVALID_INPUT', message: `Person ${index + 1} needs the date consent was given.`, details: { index } });
      }
      const marketing = { consent: 'SUBSCRIBED', ...(historical ? { consented_at: p.consentedAt } : {}) };
      const subscriptions: Record<string, unknown> = {};
      if (p.channels.includes('email')) {
        if (!p.email) throw new AppError({ code: 'INVALID_INPUT', message: `Person ${index + 1} has no email to subscribe.`, details: { index } });
        subscriptions.email = { marketing };
      }
      if (p.channels.includes('sms')) {
        // Klaviyo: "'phone_number' must not be empty when the sms channel is included".
        if (!p.phoneNumber) throw new AppError({ code: 'INVALID_INPUT', message: `Person ${index + 1} has no phone number for SMS.`, details: { index } });
        subscriptions.sms = { marketing };
      }
      return {
        type: 'profile',
        attributes: { ...(p.email ? { email: p.email } : {}), ...(p.phoneNumber ? { phone_number: p.phoneNumber } : {}), subscriptions },
      };
    });
    await transport.request({
      op: OPERATIONS.createSubscriptionJob,
      body: {
        data: {
          type: 'profile-subscription-bulk-create-job',
          attributes: {
            ...(input.customSource ? { custom_source: input.customSource } : {}),
            historical_import: historical,
            profiles: { data },
          },
          relationships: { list: { data: { type: 'list', id: input.listId } } },
        },
      },
      signal: options.signal,
    });
  }

  return { findProfiles, upsertProfile, createSubscriptionJob };
}
