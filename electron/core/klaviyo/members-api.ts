/** List membership: read members (full, ids only, or by identifier) and add or remove profiles by id. */
import { AppError } from '../../../shared/errors';
import type { CallOptions } from './lists-api';
import { LIMITS, OPERATIONS, type OperationSpec } from './operations';
import { findByFilter } from './filter-lookup';
import { cursorFrom } from './query';
import { fromWireMember } from './serialize';
import type { Transport } from './transport';
import { MEMBER_FIELDS, type Member, type MemberField, type MemberIdsPage, type MembersPage } from './types';
import { IdentifiersSchema, ProfilesSchema } from './wire-schemas';

export interface MembersQuery {
  cursor?: string | null;
  /** 1–100 (default 100: fewest requests). */
  pageSize?: number;
  /** Fields beyond the identifiers (email, phone, external id are always read). */
  fields?: readonly MemberField[];
  /** Klaviyo's `sort`: join order (the default) or most recently joined first. */
  sort?: 'joined_group_at' | '-joined_group_at';
  /** Only members who joined at or after this time (ISO 8601): `greater-or-equal(joined_group_at,…)`. */
  joinedFrom?: string;
  /** Only members who joined before this time (ISO 8601): `less-than(joined_group_at,…)`. */
  joinedBefore?: string;
}

/** Klaviyo's datetime filter values go unquoted (its filtering guide). */
function joinedFilter(query: MembersQuery): string | undefined {
  const parts: string[] = [];
  for (const [op, value] of [['greater-or-equal', query.joinedFrom], ['less-than', query.joinedBefore]] as const) {
    if (value === undefined) continue;
    if (Number.isNaN(Date.parse(value))) throw new AppError({ code: 'INVALID_INPUT', message: `"${value}" is not a date and time.` });
    parts.push(`${op}(joined_group_at,${new Date(value).toISOString()})`);
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `and(${parts.join(',')})`;
}

const IDENTIFIER_FIELDS: readonly MemberField[] = ['email', 'phone', 'externalId'];

function pageSize(value: number | undefined): number {
  const size = value ?? LIMITS.membersPageSize;
  if (!Number.isInteger(size) || size < 1 || size > LIMITS.membersPageSize) {
    throw new AppError({ code: 'INVALID_INPUT', message: `A page holds 1 to ${LIMITS.membersPageSize} members.` });
  }
  return size;
}

/** Checks a batch of profile ids for the membership endpoints (1–1000 per call) and drops repeats. */
export function checkProfileIds(profileIds: readonly string[]): string[] {
  const ids = [...new Set(profileIds)];
  if (ids.length === 0 || ids.length > LIMITS.membersPerRequest) {
    throw new AppError({ code: 'INVALID_INPUT', message: `Add or remove 1 to ${LIMITS.membersPerRequest} profiles per request (got ${ids.length}).` });
  }
  const bad = ids.findIndex((id) => typeof id !== 'string' || id.trim() === '');
  if (bad >= 0) throw new AppError({ code: 'INVALID_INPUT', message: `Profile id number ${bad + 1} is empty.`, details: { index: bad } });
  return ids;
}

export function createMembersApi(transport: Transport) {
  async function listMembersPage(listId: string, query: MembersQuery = {}, options: CallOptions = {}): Promise<MembersPage> {
    const fields = [...new Set([...IDENTIFIER_FIELDS, ...(query.fields ?? [])])];
    const body = await transport.json({
      op: OPERATIONS.getListProfiles,
      path: { id: listId },
      query: {
        'fields[profile]': fields.map((f) => MEMBER_FIELDS[f]).join(','),
        'page[size]': pageSize(query.pageSize),
        'page[cursor]': query.cursor ?? undefined,
        sort: query.sort,
        filter: joinedFilter(query),
      },
      schema: ProfilesSchema,
      signal: options.signal,
    });
    const withDetails = fields.length > IDENTIFIER_FIELDS.length;
    return { members: body.data.map((p) => fromWireMember(p, withDetails)), nextCursor: cursorFrom(body.links?.next) };
  }

  async function* iterateMembers(listId: string, query: Omit<MembersQuery, 'cursor'> = {}, options: CallOptions = {}): AsyncGenerator<Member> {
    let cursor: string | null = null;
    do {
      const page: MembersPage = await listMembersPage(listId, { ...query, cursor }, options);
      yield* page.members;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  /** Member ids only: the lightest way to read a list. */
  async function listMemberIdsPage(listId: string, query: Omit<MembersQuery, 'fields'> = {}, options: CallOptions = {}): Promise<MemberIdsPage> {
    const body = await transport.json({
      op: OPERATIONS.getListProfileIds,
      path: { id: listId },
      query: { 'page[size]': pageSize(query.pageSize), 'page[cursor]': query.cursor ?? undefined },
      schema: IdentifiersSchema,
      signal: options.signal,
    });
    return { ids: body.data.map((d) => d.id), nextCursor: cursorFrom(body.links?.next) };
  }

  /** Members of the list with any of these emails (or phone numbers, E.164). */
  async function findMembers(listId: string, by: { emails?: readonly string[]; phones?: readonly string[] }, options: CallOptions = {}): Promise<Member[]> {
    const [field, values] = by.emails !== undefined && by.phones === undefined
      ? ['email', by.emails] as const
      : by.phones !== undefined && by.emails === undefined
        ? ['phone_number', by.phones] as const
        : (() => { throw new AppError({ code: 'INVALID_INPUT', message: 'Look members up by emails or by phone numbers, not both.' }); })();
    return findByFilter(transport, { op: OPERATIONS.getListProfiles, path: { id: listId }, field, values, signal: options.signal });
  }

  /** The membership endpoints take the same body: up to 1000 profile ids. */
  async function changeMembership(op: OperationSpec, listId: string, profileIds: readonly string[], options: CallOptions): Promise<void> {
    const ids = checkProfileIds(profileIds);
    await transport.request({ op, path: { id: listId }, body: { data: ids.map((id) => ({ type: 'profile', id })) }, signal: options.signal });
  }

  /** Adds profiles (by Klaviyo id, 1–1000) to a list. Idempotent: members already there stay. */
  function addToList(listId: string, profileIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return changeMembership(OPERATIONS.addProfilesToList, listId, profileIds, options);
  }

  /** Removes profiles (by Klaviyo id, 1–1000) from a list. Idempotent; consent is not touched. */
  function removeFromList(listId: string, profileIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return changeMembership(OPERATIONS.removeProfilesFromList, listId, profileIds, options);
  }

  return { listMembersPage, iterateMembers, listMemberIdsPage, findMembers, addToList, removeFromList };
}
