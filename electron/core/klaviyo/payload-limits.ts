/**
 * Klaviyo's size limits, checked before anything is sent: a refused bulk import costs a request from a
 * 10/s, 150/min budget and says less than we can say here (which profile, and why).
 */
import { AppError } from '../../../shared/errors';
import { LIMITS } from './operations';
import { toProfileResource } from './serialize';
import type { ProfileAttributes } from './types';

const encoder = new TextEncoder();

/** UTF-8 bytes of a value's JSON. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Bytes one profile takes in a bulk-import payload (to pack batches under the limits). */
export function profileBytes(profile: ProfileAttributes): number {
  return jsonBytes(toProfileResource(profile, { dropNulls: true }));
}

function refused(index: number, reason: string, message: string, facts: Record<string, number>): AppError {
  return new AppError({
    code: 'VALIDATION_FAILED',
    message,
    details: { index, reason, pointer: `/data/attributes/profiles/data/${index}`, operation: 'bulk_import_profiles', ...facts },
  });
}

/**
 * The request body for a bulk import job, after checking Klaviyo's limits: at most 10,000 profiles, at
 * most 100 KB per profile and 5 MB in all. A refusal names the first profile (by index) that breaks one.
 */
export function bulkImportBody(profiles: readonly ProfileAttributes[], listId?: string): { body: unknown; bytes: number } {
  if (profiles.length === 0) {
    throw new AppError({ code: 'INVALID_INPUT', message: 'There are no profiles to import.', details: { operation: 'bulk_import_profiles' } });
  }
  if (profiles.length > LIMITS.bulkImportProfiles) {
    throw refused(LIMITS.bulkImportProfiles, 'too_many_profiles',
      `Klaviyo takes at most ${LIMITS.bulkImportProfiles.toLocaleString('en-US')} profiles per import; this batch has ${profiles.length.toLocaleString('en-US')}.`,
      { count: profiles.length, limit: LIMITS.bulkImportProfiles });
  }
  const resources = profiles.map((p) => toProfileResource(p, { dropNulls: true }));
  const envelope = {
    data: {
      type: 'profile-bulk-import-job',
      attributes: { profiles: { data: [] as unknown[] } },
      ...(listId !== undefined ? { relationships: { lists: { data: [{ type: 'list', id: listId }] } } } : {}),
    },
  };
  // The envelope's bytes, then each profile plus the comma between it and the previous one.
  let total = jsonBytes(envelope);
  resources.forEach((resource, index) => {
    const bytes = jsonBytes(resource);
    if (bytes > LIMITS.bulkImportProfileBytes) {
      throw refused(index, 'profile_too_large',
        `Profile ${index + 1} of the batch is ${Math.ceil(bytes / 1000)} KB; Klaviyo takes at most 100 KB per profile.`,
        { bytes, limit: LIMITS.bulkImportProfileBytes });
    }
    total += bytes + (index > 0 ? 1 : 0);
    if (total > LIMITS.bulkImportBytes) {
      throw refused(index, 'payload_too_large',
        `The batch passes Klaviyo's 5 MB limit at profile ${index + 1}: send the profiles from there on in another batch.`,
        { bytes: total, limit: LIMITS.bulkImportBytes });
    }
  });
  envelope.data.attributes.profiles.data = resources;
  return { body: envelope, bytes: total };
}
