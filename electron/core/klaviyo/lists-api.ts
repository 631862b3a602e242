/** Lists: read, find by name, create (exactly once), rename, delete, and count against the account cap. */
import { AppError } from '../../../shared/errors';
import type { z } from 'zod';
import { LISTS_AND_SEGMENTS_CAP, OPERATIONS, type OperationSpec } from './operations';
import { anyFilter, cursorFrom } from './query';
import { fromWireList } from './serialize';
import type { Transport } from './transport';
import type { KlaviyoListRecord, ListsAndSegmentsCount } from './types';
import { ListSchema, ListsSchema, SegmentsSchema } from './wire-schemas';

/** A page of resources: only how many it holds and where the next one is matter. */
interface CountedPage {
  data: readonly unknown[];
  links?: { next?: string | null | undefined } | undefined;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListFilter {
  /** Exact name (Klaviyo's `any(name,[…])`; names are not unique). */
  name?: string;
  /** At most 100 ids. */
  ids?: readonly string[];
}

export interface ListsPage {
  lists: KlaviyoListRecord[];
  nextCursor: string | null;
}

const NAME_MAX = 255;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > NAME_MAX) {
    throw new AppError({ code: 'INVALID_INPUT', message: `A list name needs 1 to ${NAME_MAX} characters.` });
  }
  return trimmed;
}

export function createListsApi(transport: Transport) {
  async function listLists(query: ListFilter & { cursor?: string | null } = {}, options: CallOptions = {}): Promise<ListsPage> {
    let filter: string | undefined;
    // Klaviyo documents one filter per field here; ids win, and the name is then checked locally.
    if (query.ids !== undefined) {
      if (query.ids.length === 0) return { lists: [], nextCursor: null };
      if (query.ids.length > 100) throw new AppError({ code: 'INVALID_INPUT', message: 'Ask for at most 100 lists by id at once.' });
      filter = anyFilter('id', query.ids);
    } else if (query.name !== undefined) {
      filter = anyFilter('name', [query.name]);
    }
    const body = await transport.json({
      op: OPERATIONS.getLists,
      query: { filter, 'page[size]': OPERATIONS.getLists.maxPageSize, 'page[cursor]': query.cursor ?? undefined },
      schema: ListsSchema,
      signal: options.signal,
    });
    let lists = body.data.map(fromWireList);
    if (query.ids !== undefined && query.name !== undefined) lists = lists.filter((l) => l.name === query.name);
    return { lists, nextCursor: cursorFrom(body.links?.next) };
  }

  async function* iterateLists(filter: ListFilter = {}, options: CallOptions = {}): AsyncGenerator<KlaviyoListRecord> {
    let cursor: string | null = null;
    do {
      const page: ListsPage = await listLists({ ...filter, cursor }, options);
      yield* page.lists;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  /** Every list with exactly this name (Klaviyo allows several). */
  async function findListsByName(name: string, options: CallOptions = {}): Promise<KlaviyoListRecord[]> {
    const found: KlaviyoListRecord[] = [];
    for await (const list of iterateLists({ name }, options)) if (list.name === name) found.push(list);
    return found;
  }

  /**
   * Creates a list, once. List creation is not idempotent (Klaviyo allows duplicate names), so after an
   * answer that got lost (dropped connection, timeout, 5xx) it looks for a list of that name that was not
   * there before, and only tries again when there is none.
   */
  async function createList(name: string, options: CallOptions = {}): Promise<KlaviyoListRecord> {
    const wanted = checkName(name);
    const before = new Set((await findListsByName(wanted, options)).map((l) => l.id));
    const maxRounds = 3;
    for (let round = 1; ; round++) {
      try {
        const body = await transport.json({
          op: OPERATIONS.createList,
          body: { data: { type: 'list', attributes: { name: wanted } } },
          schema: ListSchema,
          signal: options.signal,
        });
        return fromWireList(body.data);
      } catch (error) {
        if (!AppError.is(error) || error.details?.ambiguous !== true) throw error;
        const fresh = (await findListsByName(wanted, options)).filter((l) => !before.has(l.id));
        if (fresh.length > 0) {
          // Newest first: ours is the one created by the lost request.
          fresh.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
          return fresh[0] as KlaviyoListRecord;
        }
        if (round >= maxRounds) throw error;
      }
    }
  }

  /** One list; `profileCount` costs a request from a 1/s, 15/min budget. */
  async function getList(id: string, query: { profileCount?: boolean } = {}, options: CallOptions = {}): Promise<KlaviyoListRecord> {
    const body = await transport.json({
      op: OPERATIONS.getList,
      path: { id },
      query: { 'additional-fields[list]': query.profileCount ? 'profile_count' : undefined },
      schema: ListSchema,
      signal: options.signal,
    });
    return fromWireList(body.data);
  }

  async function renameList(id: string, name: string, options: CallOptions = {}): Promise<KlaviyoListRecord> {
    const body = await transport.json({
      op: OPERATIONS.updateList,
      path: { id },
      body: { data: { type: 'list', id, attributes: { name: checkName(name) } } },
      schema: ListSchema,
      signal: options.signal,
    });
    return fromWireList(body.data);
  }

  async function deleteList(id: string, options: CallOptions = {}): Promise<void> {
    try {
      await transport.request({ op: OPERATIONS.deleteList, path: { id }, signal: options.signal });
    } catch (error) {
      // A retry after a lost answer finds the list already gone: the delete worked.
      if (AppError.is(error, 'LIST_NOT_FOUND') && error.details?.earlierAttemptAmbiguous === true) return;
      throw error;
    }
  }

  /** Every resource of one kind, counted page by page with the fewest requests (names only). */
  async function countAll(op: OperationSpec, type: 'list' | 'segment', schema: z.ZodType<CountedPage>, options: CallOptions): Promise<number> {
    let count = 0;
    let cursor: string | null = null;
    do {
      const body: CountedPage = await transport.json({
        op,
        query: { [`fields[${type}]`]: 'name', 'page[size]': op.maxPageSize, 'page[cursor]': cursor ?? undefined },
        schema,
        signal: options.signal,
      });
      count += body.data.length;
      cursor = cursorFrom(body.links?.next);
    } while (cursor !== null);
    return count;
  }

  /** Lists and segments in the account, against Klaviyo's cap of 1,000 for both together. */
  async function countListsAndSegments(options: CallOptions = {}): Promise<ListsAndSegmentsCount> {
    const lists = await countAll(OPERATIONS.getLists, 'list', ListsSchema, options);
    let segments: number | null;
    try {
      segments = await countAll(OPERATIONS.getSegments, 'segment', SegmentsSchema, options);
    } catch (error) {
      // segments:read is not among the scopes a sync needs: without it the count is unknown, not an error.
      if (!AppError.is(error, 'MISSING_SCOPE')) throw error;
      segments = null;
    }
    return { lists, segments, cap: LISTS_AND_SEGMENTS_CAP };
  }

  return { listLists, iterateLists, findListsByName, createList, getList, renameList, deleteList, countListsAndSegments };
}
