/** Lists: GET/POST /api/lists, GET/PATCH/DELETE /api/lists/{id}. */
import { isRecord, pageRange, type Handler, type RequestContext } from '../context';
import { invalid, KlaviyoApiError, LIST_CAP, listCapReached, notFound } from '../errors';
import { compileFilter } from '../filter';
import { pageSize, paginate, readCursor, sortedWalk, type CursorKey } from '../pagination';
import { listResource } from '../serialize';
import type { ListRecord, OptInProcess } from '../store';
import { additional, collection, fields, requestFilter, requestSort, selfLink } from './common';

export function findList(ctx: RequestContext, id: string): ListRecord {
  const list = ctx.account.lists.get(id);
  if (!list) throw notFound(`A list with id ${id} does not exist.`);
  return list;
}

function listField(list: ListRecord, field: string): string | number | undefined {
  switch (field) {
    case 'id': return list.id;
    case 'name': return list.name;
    case 'created': return list.created;
    case 'updated': return list.updated;
    default: return undefined;
  }
}

export const getLists: Handler = (ctx) => {
  const filter = requestFilter(ctx, 'list');
  const sort = requestSort(ctx, 'created');
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 10, min: 1, max: 10 }));
  const keyOf = (list: ListRecord): CursorKey => [listField(list, sort.field) ?? list.created, list.id];
  const keep = compileFilter(filter, (list: ListRecord, field) => listField(list, field));
  const walk = sortedWalk([...ctx.account.lists.values()].filter(keep), keyOf, sort.descending);
  const page = paginate(walk, keyOf, readCursor(ctx.query), size);
  const wanted = fields(ctx, 'list');
  return { status: 200, body: collection(ctx, page, page.items.map((list) => listResource(ctx.config.linkBase, list, wanted, false))) };
};

function optIn(value: unknown): OptInProcess | undefined {
  return value === 'double_opt_in' || value === 'single_opt_in' ? value : undefined;
}

function listAttributes(body: unknown): Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body.data)) throw invalid("'data' is a required field.", { pointer: '/data' });
  if (body.data.type !== 'list') throw invalid("Invalid resource type; expected 'list'.", { pointer: '/data/type' });
  if (!isRecord(body.data.attributes)) throw invalid("'attributes' is a required field for the resource 'list'.", { pointer: '/data/attributes' });
  return body.data.attributes;
}

function checkName(name: unknown, required: boolean): string | undefined {
  if (name === undefined || name === null) {
    if (required) throw invalid("'name' is a required field for the resource 'list'.", { pointer: '/data/attributes/name' });
    return undefined;
  }
  if (typeof name !== 'string') throw invalid("'name' must be of type string.", { pointer: '/data/attributes/name' });
  if (name.trim() === '') throw invalid('This field may not be blank.', { pointer: '/data/attributes/name' });
  return name;
}

export const createList: Handler = (ctx) => {
  const attributes = listAttributes(ctx.body);
  const name = checkName(attributes.name, true) as string;
  const count = ctx.account.lists.size + ctx.account.segments.size;
  if (count >= LIST_CAP) throw listCapReached(count);
  const list = ctx.store.createList(ctx.account, name, optIn(attributes.opt_in_process) ?? 'double_opt_in', ctx.now);
  return { status: 201, body: { data: listResource(ctx.config.linkBase, list, fields(ctx, 'list'), false), links: { self: `${ctx.config.linkBase}/api/lists/${list.id}/` } } };
};

export const getList: Handler = (ctx) => {
  const list = findList(ctx, ctx.params.id ?? '');
  const withCount = additional(ctx, 'list').includes('profile_count');
  return {
    status: 200,
    body: {
      data: listResource(ctx.config.linkBase, list, fields(ctx, 'list'), withCount),
      links: selfLink(ctx),
      ...(ctx.query.has('include') ? { included: [] } : {}),
    },
  };
};

export const updateList: Handler = (ctx) => {
  const list = findList(ctx, ctx.params.id ?? '');
  const attributes = listAttributes(ctx.body);
  const bodyId = isRecord(ctx.body) && isRecord(ctx.body.data) ? ctx.body.data.id : undefined;
  if (bodyId !== list.id) {
    throw new KlaviyoApiError(409, [{
      code: 'conflict', title: 'Conflict.', detail: 'The id in the request body does not match the id in the URL.',
      source: { pointer: '/data/id' },
    }]);
  }
  const name = checkName(attributes.name, false);
  if (name !== undefined) list.name = name;
  const opt = optIn(attributes.opt_in_process);
  if (opt) list.optInProcess = opt;
  list.updated = ctx.now;
  return { status: 200, body: { data: listResource(ctx.config.linkBase, list, fields(ctx, 'list'), false), links: selfLink(ctx) } };
};

export const deleteList: Handler = (ctx) => {
  const list = findList(ctx, ctx.params.id ?? '');
  ctx.account.lists.delete(list.id);
  return { status: 204 };
};
