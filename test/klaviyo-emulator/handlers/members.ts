/**
 * List members: GET /api/lists/{id}/profiles and /relationships/profiles (cursor-paged in join
 * order, filterable by email / phone number through the profile indexes), and POST / DELETE
 * /api/lists/{id}/relationships/profiles (1–1000 profile ids, 204).
 */
import { isRecord, pageRange, type Handler, type RequestContext } from '../context';
import { invalid, invalidMany, invalidSpec, type ErrorSpec } from '../errors';
import { compileFilter, indexedValues, rangeBounds, type FilterNode, type RangeBounds } from '../filter';
import type { Membership } from '../member-list';
import { arrayWalk, compareKeys, pageSize, paginate, readCursor, type CursorKey, type Walk } from '../pagination';
import { profileResource } from '../serialize';
import type { ListRecord } from '../store';
import { additional, collection, fields, requestFilter, requestSort } from './common';
import { findList } from './lists';

const MAX_IDS = 1000;

function memberWalk(ctx: RequestContext, list: ListRecord, filter: FilterNode | null, descending: boolean): Walk<Membership> {
  const profiles = ctx.account.profiles;
  // An equals/any on email or phone number starts from the profile index: O(values), not O(members).
  for (const field of ['email', 'phone_number'] as const) {
    const values = indexedValues(filter, field);
    if (values === null) continue;
    const candidates: Membership[] = [];
    for (const value of values) {
      const profile = profiles.findBy(field, value);
      const membership = profile ? list.members.get(profile.id) : undefined;
      if (membership && !candidates.includes(membership)) candidates.push(membership);
    }
    const compare = descending ? (a: CursorKey, b: CursorKey) => compareKeys(b, a) : compareKeys;
    candidates.sort((a, b) => compare(a.seq, b.seq));
    return arrayWalk(candidates, (m) => m.seq, compare);
  }
  const joined = rangeBounds(filter, 'joined_group_at');
  return (direction, from) => {
    const asc = (direction === 'forward') !== descending;
    const cursor = typeof from === 'number' ? from : null;
    if (!joined) return list.members.walk(asc ? 'asc' : 'desc', cursor);
    return joinedRangeWalk(list, joined, asc, cursor);
  };
}

/**
 * Members inside a join-time range: a seek to its start and a stop at its end (join times ascend
 * with seq), so a client reading a list in join-time slices pays for its slice, not the whole list.
 */
function* joinedRangeWalk(list: ListRecord, range: RangeBounds, asc: boolean, cursor: number | null): Generator<Membership> {
  const inside = (m: Membership) => (!range.min || (range.min.inclusive ? m.joinedAt >= range.min.value : m.joinedAt > range.min.value))
    && (!range.max || (range.max.inclusive ? m.joinedAt <= range.max.value : m.joinedAt < range.max.value));
  if (asc) {
    const start = range.min ? list.members.seqBeforeJoin(range.min.value, range.min.inclusive) : null;
    const from = start === null ? cursor : Math.max(start, cursor ?? 0);
    for (const m of list.members.walk('asc', from)) {
      if (!inside(m)) {
        if (range.max && !(range.max.inclusive ? m.joinedAt <= range.max.value : m.joinedAt < range.max.value)) return;
        continue;
      }
      yield m;
    }
  } else {
    for (const m of list.members.walk('desc', cursor)) {
      if (inside(m)) yield m;
      else if (range.min && !(range.min.inclusive ? m.joinedAt >= range.min.value : m.joinedAt > range.min.value)) return;
    }
  }
}

function memberPage(ctx: RequestContext) {
  const list = findList(ctx, ctx.params.id ?? '');
  const filter = requestFilter(ctx, 'profile');
  const sort = requestSort(ctx, 'joined_group_at');
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 20, min: 1, max: 100 }));
  const profiles = ctx.account.profiles;
  const keep = compileFilter(filter, (m: Membership, field) => {
    const profile = profiles.get(m.profileId);
    switch (field) {
      case 'email': return profile?.email ?? null;
      case 'phone_number': return profile?.phone_number ?? null;
      case '_kx': return profile?._kx ?? null;
      case 'joined_group_at': return m.joinedAt;
      default: return undefined;
    }
  });
  return paginate(memberWalk(ctx, list, filter, sort.descending), (m) => m.seq, readCursor(ctx.query), size, keep);
}

export const getListProfiles: Handler = (ctx) => {
  const page = memberPage(ctx);
  const wanted = fields(ctx, 'profile');
  const extra = additional(ctx, 'profile');
  const data = page.items.flatMap((membership) => {
    const profile = ctx.account.profiles.get(membership.profileId);
    return profile ? [profileResource(ctx.config.linkBase, profile, { fields: wanted, additional: extra, membership })] : [];
  });
  return { status: 200, body: collection(ctx, page, data) };
};

export const getListProfileIds: Handler = (ctx) => {
  const page = memberPage(ctx);
  return { status: 200, body: collection(ctx, page, page.items.map((m) => ({ type: 'profile', id: m.profileId }))) };
};

/** The profile ids of a relationship body, every one checked to exist in the account. */
function relationshipIds(ctx: RequestContext): string[] {
  const body = ctx.body;
  if (!isRecord(body) || !Array.isArray(body.data)) throw invalid("'data' must be a list of profile identifiers.", { pointer: '/data' });
  if (body.data.length === 0) throw invalid('At least one profile is required.', { pointer: '/data' });
  if (body.data.length > MAX_IDS) throw invalid(`At most ${MAX_IDS} profiles can be given per request; got ${body.data.length}.`, { pointer: '/data' });
  const problems: ErrorSpec[] = [];
  const ids: string[] = [];
  body.data.forEach((item: unknown, i: number) => {
    if (!isRecord(item) || item.type !== 'profile') {
      problems.push(invalidSpec("Invalid resource type; expected 'profile'.", { pointer: `/data/${i}/type` }));
      return;
    }
    if (typeof item.id !== 'string' || !ctx.account.profiles.get(item.id)) {
      problems.push(invalidSpec(`A profile with id ${String(item.id)} does not exist.`, { pointer: `/data/${i}/id` }));
      return;
    }
    ids.push(item.id);
  });
  if (problems.length > 0) throw invalidMany(problems);
  return ids;
}

export const addListProfiles: Handler = (ctx) => {
  const list = findList(ctx, ctx.params.id ?? '');
  for (const id of relationshipIds(ctx)) list.members.add(id, ctx.now);
  return { status: 204 };
};

export const removeListProfiles: Handler = (ctx) => {
  const list = findList(ctx, ctx.params.id ?? '');
  for (const id of relationshipIds(ctx)) list.members.remove(id);
  return { status: 204 };
};
