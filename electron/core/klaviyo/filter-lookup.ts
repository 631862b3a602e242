/**
 * Profiles found by one identifier field: the values go in chunks of `any(field,[…])` filters (one page
 * of answers each, and a URL well under common limits), and every page of each chunk is read.
 * Shared by the profile search (`GET /api/profiles`) and the list-member search.
 */
import { LIMITS, type OperationSpec } from './operations';
import { anyFilter, chunk, cursorFrom } from './query';
import { fromWireMember } from './serialize';
import type { Transport } from './transport';
import type { Member } from './types';
import { ProfilesSchema } from './wire-schemas';

/** Values per `any(...)` filter. */
export const FILTER_CHUNK = 100;

export interface FilterLookup {
  op: OperationSpec;
  path?: Readonly<Record<string, string>>;
  /** Klaviyo's field name: `email`, `phone_number` or `external_id`. */
  field: string;
  values: readonly string[];
  signal?: AbortSignal | undefined;
}

export async function findByFilter(transport: Transport, lookup: FilterLookup): Promise<Member[]> {
  const found: Member[] = [];
  for (const part of chunk([...new Set(lookup.values)], FILTER_CHUNK)) {
    let cursor: string | null = null;
    do {
      const body = await transport.json({
        op: lookup.op,
        ...(lookup.path ? { path: lookup.path } : {}),
        query: {
          filter: anyFilter(lookup.field, part),
          'fields[profile]': 'email,phone_number,external_id',
          'page[size]': LIMITS.membersPageSize,
          'page[cursor]': cursor ?? undefined,
        },
        schema: ProfilesSchema,
        signal: lookup.signal,
      });
      found.push(...body.data.map((p) => fromWireMember(p, false)));
      cursor = cursorFrom(body.links?.next);
    } while (cursor !== null);
  }
  return found;
}
