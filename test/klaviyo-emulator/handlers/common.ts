/** Helpers shared by the resource handlers: filters, sorting, collection responses. */
import type { RequestContext } from '../context';
import { listParam } from '../context';
import { checkFilter, parseFilter, type FilterNode } from '../filter';
import { collectionLinks, type Page } from '../pagination';

/** The request's parsed and checked `filter`, or null. */
export function requestFilter(ctx: RequestContext, resource: string): FilterNode | null {
  const text = ctx.query.get('filter');
  if (text === null || text.trim() === '') return null;
  const node = parseFilter(text);
  checkFilter(node, ctx.op.filters, resource);
  return node;
}

/** `sort` as a field and direction; the default when absent. */
export function requestSort(ctx: RequestContext, fallback: string): { field: string; descending: boolean } {
  const raw = ctx.query.get('sort') ?? fallback;
  return raw.startsWith('-') ? { field: raw.slice(1), descending: true } : { field: raw, descending: false };
}

export function fields(ctx: RequestContext, type: string): string[] | null {
  return listParam(ctx.query, `fields[${type}]`);
}

export function additional(ctx: RequestContext, type: string): string[] {
  return listParam(ctx.query, `additional-fields[${type}]`) ?? [];
}

/** A collection document; `included` only when the request asked for includes. */
export function collection(ctx: RequestContext, page: Page<unknown>, data: unknown[], included?: unknown[]): Record<string, unknown> {
  return {
    data,
    links: collectionLinks(ctx.config.linkBase, ctx.path, ctx.query, page),
    ...(ctx.query.has('include') ? { included: included ?? [] } : {}),
  };
}

/** The `links.self` of a single-resource document. */
export function selfLink(ctx: RequestContext): { self: string } {
  const path = ctx.path.endsWith('/') ? ctx.path : `${ctx.path}/`;
  const query = ctx.query.toString();
  return { self: `${ctx.config.linkBase}${path}${query ? `?${query}` : ''}` };
}
