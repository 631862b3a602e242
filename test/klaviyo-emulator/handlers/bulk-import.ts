/**
 * Bulk profile import: POST /api/profile-bulk-import-jobs (≤ 10,000 profiles, ≤ 100 KB each,
 * validated as a whole: one bad profile refuses the request with one error per bad profile and
 * no job, API-NOTES §3.9), the job, its import errors, its profiles and its list.
 */
import { isRecord, pageRange, type Handler, type RequestContext } from '../context';
import { invalid, invalidMany, invalidSpec, notFound, type ErrorSpec } from '../errors';
import { compileFilter } from '../filter';
import { ulid } from '../ids';
import { JOB_RETENTION_MS, type ImportItem, type ImportJob } from '../jobs';
import { arrayWalk, pageSize, paginate, readCursor, sortedWalk, type CursorKey } from '../pagination';
import { jobResource, listResource, profileResource } from '../serialize';
import { jsonBytes, profileAttributeProblems } from '../validation';
import { additional, collection, fields, requestFilter, requestSort, selfLink } from './common';

const MAX_PROFILES = 10_000;
const MAX_PROFILE_BYTES = 100 * 1024;

function findJob(ctx: RequestContext): ImportJob {
  const id = ctx.params.job_id ?? ctx.params.id ?? '';
  const job = ctx.account.jobs.get(id);
  if (!job) throw notFound(`A profile bulk import job with id ${id} does not exist.`);
  return job;
}

function profilesOf(body: unknown): unknown[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) throw invalid("'data' is a required field.", { pointer: '/data' });
  if (data.type !== 'profile-bulk-import-job') throw invalid("Invalid resource type; expected 'profile-bulk-import-job'.", { pointer: '/data/type' });
  const attributes = data.attributes;
  const profiles = isRecord(attributes) && isRecord(attributes.profiles) ? attributes.profiles.data : undefined;
  if (!Array.isArray(profiles)) throw invalid("'profiles' is a required field for the resource 'profile-bulk-import-job'.", { pointer: '/data/attributes/profiles' });
  if (profiles.length === 0) throw invalid('At least one profile is required.', { pointer: '/data/attributes/profiles/data' });
  if (profiles.length > MAX_PROFILES) {
    throw invalid(`A maximum of ${MAX_PROFILES} profiles can be submitted per request; got ${profiles.length}.`, { pointer: '/data/attributes/profiles/data' });
  }
  return profiles;
}

function listIdsOf(ctx: RequestContext): string[] {
  const data = isRecord(ctx.body) ? ctx.body.data : undefined;
  const relationships = isRecord(data) ? data.relationships : undefined;
  const lists = isRecord(relationships) && isRecord(relationships.lists) ? relationships.lists.data : undefined;
  if (lists === undefined || lists === null) return [];
  if (!Array.isArray(lists)) throw invalid("'lists' must be a list of list identifiers.", { pointer: '/data/relationships/lists/data' });
  const problems: ErrorSpec[] = [];
  const ids: string[] = [];
  lists.forEach((item: unknown, i: number) => {
    const pointer = `/data/relationships/lists/data/${i}`;
    if (!isRecord(item) || item.type !== 'list') problems.push(invalidSpec("Invalid resource type; expected 'list'.", { pointer: `${pointer}/type` }));
    else if (typeof item.id !== 'string' || !ctx.account.lists.has(item.id)) problems.push(invalidSpec(`A list with id ${String(item.id)} does not exist.`, { pointer: `${pointer}/id` }));
    else if (!ids.includes(item.id)) ids.push(item.id);
  });
  if (problems.length > 0) throw invalidMany(problems);
  return ids;
}

export const createImportJob: Handler = (ctx) => {
  const profiles = profilesOf(ctx.body);
  const problems: ErrorSpec[] = [];
  const items: ImportItem[] = [];
  profiles.forEach((raw, index) => {
    const base = `/data/attributes/profiles/data/${index}`;
    if (!isRecord(raw)) {
      problems.push(invalidSpec('Each profile must be an object.', { pointer: base }));
      return;
    }
    if (jsonBytes(raw) > MAX_PROFILE_BYTES) {
      problems.push(invalidSpec('The profile exceeds the maximum size of 100 KB.', { pointer: base }));
      return;
    }
    const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : null;
    // One error per bad profile, as Klaviyo reports them.
    const first = profileAttributeProblems(raw.attributes, `${base}/attributes`, id !== null)[0];
    if (first) {
      problems.push(first);
      return;
    }
    items.push({ index, id, attributes: raw.attributes as Record<string, unknown>, original: raw });
  });
  if (problems.length > 0) throw invalidMany(problems);
  const listIds = listIdsOf(ctx);
  const job: ImportJob = {
    id: ulid(ctx.now),
    status: 'queued',
    created: ctx.now,
    startAfter: ctx.now + ctx.config.queueDelayMs / ctx.config.timeScale,
    started: null,
    completed: null,
    expires: ctx.now + JOB_RETENTION_MS,
    items,
    total: items.length,
    listIds,
    processed: 0,
    succeeded: 0,
    failed: 0,
    carry: 0,
    lastAdvance: ctx.now,
    errors: [],
    profileIds: new Set(),
  };
  ctx.account.jobs.set(job.id, job);
  ctx.account.activeJobs.add(job);
  return { status: 202, body: { data: jobResource(ctx.config.linkBase, job, fields(ctx, 'profile-bulk-import-job')), links: { self: `${ctx.config.linkBase}/api/profile-bulk-import-jobs/${job.id}/` } } };
};

export const getImportJobs: Handler = (ctx) => {
  const filter = requestFilter(ctx, 'profile-bulk-import-job');
  const sort = requestSort(ctx, 'created_at');
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 20, min: 1, max: 100 }));
  const keyOf = (job: ImportJob): CursorKey => [job.created, job.id];
  const keep = compileFilter(filter, (job: ImportJob, field) => (field === 'status' ? job.status : undefined));
  const page = paginate(sortedWalk([...ctx.account.jobs.values()].filter(keep), keyOf, sort.descending), keyOf, readCursor(ctx.query), size);
  const wanted = fields(ctx, 'profile-bulk-import-job');
  return { status: 200, body: collection(ctx, page, page.items.map((job) => jobResource(ctx.config.linkBase, job, wanted))) };
};

export const getImportJob: Handler = (ctx) => {
  const job = findJob(ctx);
  const include = (ctx.query.get('include') ?? '').split(',');
  const included = include.includes('lists')
    ? job.listIds.flatMap((id) => {
      const list = ctx.account.lists.get(id);
      return list ? [listResource(ctx.config.linkBase, list, fields(ctx, 'list'), false)] : [];
    })
    : [];
  return {
    status: 200,
    body: {
      data: jobResource(ctx.config.linkBase, job, fields(ctx, 'profile-bulk-import-job')),
      links: selfLink(ctx),
      ...(ctx.query.has('include') ? { included } : {}),
    },
  };
};

export const getImportErrors: Handler = (ctx) => {
  const job = findJob(ctx);
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 20, min: 1, max: 100 }));
  const indexed = job.errors.map((error, i) => ({ error, i }));
  const page = paginate(arrayWalk(indexed, (e) => e.i), (e) => e.i, readCursor(ctx.query), size);
  const wanted = fields(ctx, 'import-error');
  const data = page.items.map(({ error }) => {
    const attributes: Record<string, unknown> = {
      code: error.code, title: error.title, detail: error.detail, source: { pointer: error.pointer }, original_payload: error.original,
    };
    const kept = wanted
      ? Object.fromEntries(Object.entries(attributes).filter(([k]) => wanted.includes(k) || (k === 'source' && wanted.includes('source.pointer'))))
      : attributes;
    return { type: 'import-error', id: error.id, attributes: kept };
  });
  return { status: 200, body: collection(ctx, page, data) };
};

export const getImportJobLists: Handler = (ctx) => {
  const job = findJob(ctx);
  const lists = job.listIds.flatMap((id) => ctx.account.lists.get(id) ?? []);
  return { status: 200, body: { data: lists.map((l) => listResource(ctx.config.linkBase, l, fields(ctx, 'list'), false)), links: selfLink(ctx) } };
};

export const getImportJobListIds: Handler = (ctx) => {
  const job = findJob(ctx);
  return { status: 200, body: { data: job.listIds.map((id) => ({ type: 'list', id })), links: selfLink(ctx) } };
};

function jobProfilePage(ctx: RequestContext) {
  const job = findJob(ctx);
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 20, min: 1, max: 100 }));
  const ids = [...job.profileIds].map((id, i) => ({ id, i }));
  return paginate(arrayWalk(ids, (e) => e.i), (e) => e.i, readCursor(ctx.query), size);
}

export const getImportJobProfiles: Handler = (ctx) => {
  const page = jobProfilePage(ctx);
  const wanted = fields(ctx, 'profile');
  const extra = additional(ctx, 'profile');
  const data = page.items.flatMap(({ id }) => {
    const profile = ctx.account.profiles.get(id);
    return profile ? [profileResource(ctx.config.linkBase, profile, { fields: wanted, additional: extra })] : [];
  });
  return { status: 200, body: collection(ctx, page, data) };
};

export const getImportJobProfileIds: Handler = (ctx) => {
  const page = jobProfilePage(ctx);
  return { status: 200, body: collection(ctx, page, page.items.map(({ id }) => ({ type: 'profile', id }))) };
};
