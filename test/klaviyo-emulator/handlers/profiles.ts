/**
 * Profiles: GET /api/profiles (filter on id / email / phone_number / external_id through the
 * indexes), GET /api/profiles/{id}, and POST /api/profile-import (create or update by identity;
 * 201 created, 200 updated, 409 duplicate_profile).
 */
import { isRecord, pageRange, type Handler, type RequestContext } from '../context';
import { duplicateProfile, invalid, invalidMany, notFound } from '../errors';
import { compileFilter, indexedValues, type FilterNode } from '../filter';
import { upsertProfile } from '../identity';
import { pageSize, paginate, readCursor, sortedWalk, type CursorKey, type Walk } from '../pagination';
import type { Profile, ProfileStore } from '../profile-store';
import { listResource, profileResource } from '../serialize';
import { jsonBytes, profileAttributeProblems } from '../validation';
import { additional, collection, fields, requestFilter, requestSort, selfLink } from './common';

const MAX_PROFILE_BYTES = 100 * 1024;

function profileField(profile: Profile, field: string): string | number | null | undefined {
  switch (field) {
    case 'id': return profile.id;
    case 'email': return profile.email;
    case 'phone_number': return profile.phone_number;
    case 'external_id': return profile.external_id;
    case '_kx': return profile._kx;
    case 'created': return profile.created;
    case 'updated': return profile.updated;
    default: return undefined;
  }
}

function candidates(store: ProfileStore, filter: FilterNode | null): Profile[] | null {
  const ids = indexedValues(filter, 'id');
  if (ids) return ids.flatMap((id) => store.get(id) ?? []);
  for (const field of ['email', 'phone_number', 'external_id'] as const) {
    const values = indexedValues(filter, field);
    if (values) return values.flatMap((v) => store.findBy(field, v) ?? []);
  }
  return null;
}

function profilesWalk(store: ProfileStore, filter: FilterNode | null, sort: { field: string; descending: boolean }): { walk: Walk<Profile>; keyOf: (p: Profile) => CursorKey } {
  const byValue = sort.field === 'email' || sort.field === 'updated';
  const keyOf = byValue
    ? (p: Profile): CursorKey => [String(profileField(p, sort.field) ?? ''), p.seq]
    : (p: Profile): CursorKey => p.seq;
  const found = candidates(store, filter);
  if (found) return { walk: sortedWalk([...new Set(found)], keyOf, sort.descending), keyOf };
  if (byValue) return { walk: sortedWalk(store.all, keyOf, sort.descending), keyOf };
  // id and created order are creation order (seq = index + 1): walk the array, no sorting.
  const walk: Walk<Profile> = function* (direction, from) {
    const all = store.all;
    const ascending = (direction === 'forward') !== sort.descending;
    const start = typeof from === 'number' ? (ascending ? from : from - 2) : (ascending ? 0 : all.length - 1);
    for (let i = start; ascending ? i < all.length : i >= 0; i += ascending ? 1 : -1) {
      const p = all[i];
      if (p) yield p;
    }
  };
  return { walk, keyOf };
}

export const getProfiles: Handler = (ctx) => {
  const filter = requestFilter(ctx, 'profile');
  const sort = requestSort(ctx, 'id');
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 20, min: 1, max: 100 }));
  const { walk, keyOf } = profilesWalk(ctx.account.profiles, filter, sort);
  const keep = compileFilter(filter, profileField);
  const page = paginate(walk, keyOf, readCursor(ctx.query), size, keep);
  const wanted = fields(ctx, 'profile');
  const extra = additional(ctx, 'profile');
  return { status: 200, body: collection(ctx, page, page.items.map((p) => profileResource(ctx.config.linkBase, p, { fields: wanted, additional: extra }))) };
};

export const getProfile: Handler = (ctx) => {
  const profile = ctx.account.profiles.get(ctx.params.id ?? '');
  if (!profile) throw notFound(`A profile with id ${ctx.params.id ?? ''} does not exist.`);
  const include = (ctx.query.get('include') ?? '').split(',');
  const included = include.includes('lists')
    ? [...ctx.account.lists.values()].filter((l) => l.members.get(profile.id)).map((l) => listResource(ctx.config.linkBase, l, null, false))
    : [];
  return {
    status: 200,
    body: {
      data: profileResource(ctx.config.linkBase, profile, { fields: fields(ctx, 'profile'), additional: additional(ctx, 'profile') }),
      links: selfLink(ctx),
      ...(ctx.query.has('include') ? { included } : {}),
    },
  };
};

/** meta.patch_properties: append to / remove from list properties, unset keys. */
function patchProperties(profile: Profile, meta: unknown): void {
  if (!isRecord(meta) || !isRecord(meta.patch_properties)) return;
  const patch = meta.patch_properties;
  const props = profile.properties;
  if (isRecord(patch.append)) {
    for (const [key, value] of Object.entries(patch.append)) {
      const current = props[key];
      const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
      props[key] = [...list, ...(Array.isArray(value) ? value : [value])];
    }
  }
  if (isRecord(patch.unappend)) {
    for (const [key, value] of Object.entries(patch.unappend)) {
      const current = props[key];
      if (!Array.isArray(current)) continue;
      const drop = Array.isArray(value) ? value : [value];
      props[key] = current.filter((v) => !drop.includes(v));
    }
  }
  const unset = typeof patch.unset === 'string' ? [patch.unset] : Array.isArray(patch.unset) ? patch.unset : [];
  for (const key of unset) if (typeof key === 'string') delete props[key];
}

export const createOrUpdateProfile: Handler = (ctx: RequestContext) => {
  const body = ctx.body;
  if (jsonBytes(body) > MAX_PROFILE_BYTES) throw invalid('The profile payload exceeds the maximum size of 100 KB.', { pointer: '/data' });
  if (!isRecord(body) || !isRecord(body.data)) throw invalid("'data' is a required field.", { pointer: '/data' });
  const data = body.data;
  if (data.type !== 'profile') throw invalid("Invalid resource type; expected 'profile'.", { pointer: '/data/type' });
  const id = typeof data.id === 'string' && data.id !== '' ? data.id : null;
  const problems = profileAttributeProblems(data.attributes, '/data/attributes', id !== null);
  if (problems.length > 0) throw invalidMany(problems);
  if (isRecord(data.meta) && data.meta.patch_identifiers !== undefined && data.meta.patch_identifiers !== null) {
    throw invalid('meta.patch_identifiers is not supported by the local emulator.', { pointer: '/data/meta/patch_identifiers' });
  }
  const result = upsertProfile(ctx.account.profiles, { id, attributes: data.attributes as Record<string, unknown> }, ctx.now, true);
  if (result.kind === 'conflict') throw duplicateProfile(result.duplicateId);
  if (result.kind === 'unknown-id') throw notFound(`A profile with id ${result.id} does not exist.`);
  if (result.kind !== 'update') throw invalid('The profile could not be resolved.', { pointer: '/data' });
  patchProperties(result.profile, data.meta);
  const resource = profileResource(ctx.config.linkBase, result.profile, { fields: fields(ctx, 'profile'), additional: additional(ctx, 'profile') });
  return { status: result.created ? 201 : 200, body: { data: resource, links: { self: `${ctx.config.linkBase}/api/profiles/${result.profile.id}/` } } };
};
