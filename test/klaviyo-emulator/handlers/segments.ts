/** GET /api/segments: seeded segments, counted with lists toward the 1,000 cap. */
import { pageRange, type Handler } from '../context';
import { compileFilter } from '../filter';
import { pageSize, paginate, readCursor, sortedWalk, type CursorKey } from '../pagination';
import { segmentResource } from '../serialize';
import type { SegmentRecord } from '../store';
import { collection, fields, requestFilter, requestSort } from './common';

function segmentField(segment: SegmentRecord, field: string): string | number | boolean | undefined {
  switch (field) {
    case 'id': return segment.id;
    case 'name': return segment.name;
    case 'created': return segment.created;
    case 'updated': return segment.updated;
    case 'is_active': return true;
    case 'is_starred': return false;
    default: return undefined;
  }
}

export const getSegments: Handler = (ctx) => {
  const filter = requestFilter(ctx, 'segment');
  const sort = requestSort(ctx, 'created');
  const size = pageSize(ctx.query, pageRange(ctx.op, { default: 10, min: 1, max: 10 }));
  const keyOf = (s: SegmentRecord): CursorKey => {
    const value = segmentField(s, sort.field);
    return [typeof value === 'string' || typeof value === 'number' ? value : s.created, s.id];
  };
  const keep = compileFilter(filter, segmentField);
  const page = paginate(sortedWalk([...ctx.account.segments.values()].filter(keep), keyOf, sort.descending), keyOf, readCursor(ctx.query), size);
  const wanted = fields(ctx, 'segment');
  return { status: 200, body: collection(ctx, page, page.items.map((s) => segmentResource(ctx.config.linkBase, s, wanted))) };
};
