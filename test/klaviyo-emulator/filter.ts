/**
 * Klaviyo's `filter` query parameter: `equals(name,"x")`, `any(email,["a","b"])`,
 * `greater-than(created,2024-01-01T00:00:00Z)`, `and(…, …)`, and comma-separated expressions
 * (an implicit `and`). Values may be double- or single-quoted strings, numbers, booleans, null,
 * unquoted datetimes, or bracketed lists. `+` has already been decoded to a space by the query
 * parser, as axios (the official SDK's HTTP library) sends spaces that way (API-NOTES §7.4).
 */
import { invalidParameter, type KlaviyoApiError } from './errors';
import type { FilterField } from './spec';

export type Scalar = string | number | boolean | null | Date;

export interface Comparison {
  kind: 'cmp';
  op: string;
  field: string;
  value: Scalar | Scalar[];
}

export type FilterNode = Comparison | { kind: 'and'; items: FilterNode[] };

const COMPARISON_OPS = new Set([
  'equals', 'any', 'greater-than', 'less-than', 'greater-or-equal', 'less-or-equal', 'contains', 'contains-any',
  'contains-all', 'starts-with', 'ends-with', 'has',
]);

function bad(detail: string): KlaviyoApiError {
  return invalidParameter('filter', detail);
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): FilterNode {
    const items = [this.expression()];
    this.space();
    while (this.peek() === ',') {
      this.at += 1;
      items.push(this.expression());
      this.space();
    }
    if (this.at < this.text.length) throw bad(`Invalid filter provided: unexpected "${this.text.slice(this.at, this.at + 20)}".`);
    return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
  }

  private peek(): string {
    return this.text.charAt(this.at);
  }

  private space(): void {
    while (/\s/.test(this.peek())) this.at += 1;
  }

  private expect(char: string): void {
    this.space();
    if (this.peek() !== char) throw bad(`Invalid filter provided: expected "${char}" at position ${this.at}.`);
    this.at += 1;
  }

  private word(): string {
    this.space();
    const m = /^[A-Za-z_$][A-Za-z0-9_.$-]*/.exec(this.text.slice(this.at));
    if (!m) throw bad(`Invalid filter provided: expected a name at position ${this.at}.`);
    this.at += m[0].length;
    return m[0];
  }

  private expression(): FilterNode {
    const op = this.word();
    this.expect('(');
    if (op === 'and') {
      const items = [this.expression()];
      this.space();
      while (this.peek() === ',') {
        this.at += 1;
        items.push(this.expression());
        this.space();
      }
      this.expect(')');
      return { kind: 'and', items };
    }
    if (op === 'or' || op === 'not') {
      throw bad(`The '${op}' operator is not supported for this resource.`);
    }
    if (!COMPARISON_OPS.has(op)) throw bad(`Invalid filter provided: '${op}' is not a filter operator.`);
    const field = this.word();
    this.expect(',');
    const value = this.value(true);
    this.expect(')');
    return { kind: 'cmp', op, field, value };
  }

  private value(allowList: boolean): Scalar | Scalar[] {
    this.space();
    const c = this.peek();
    if (c === '[') {
      if (!allowList) throw bad('Invalid filter provided: lists cannot be nested.');
      this.at += 1;
      const items: Scalar[] = [];
      this.space();
      if (this.peek() === ']') {
        this.at += 1;
        return items;
      }
      for (;;) {
        items.push(this.value(false) as Scalar);
        this.space();
        if (this.peek() === ',') {
          this.at += 1;
          continue;
        }
        this.expect(']');
        return items;
      }
    }
    if (c === '"' || c === "'") return this.quoted(c);
    const m = /^[^,()[\]\s]+/.exec(this.text.slice(this.at));
    if (!m) throw bad(`Invalid filter provided: expected a value at position ${this.at}.`);
    this.at += m[0].length;
    const raw = m[0];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    const date = parseDate(raw);
    if (date) return date;
    throw bad(`Invalid filter provided: '${raw}' is not a valid value; quote strings.`);
  }

  private quoted(quote: string): string {
    this.at += 1;
    let out = '';
    while (this.at < this.text.length) {
      const c = this.peek();
      this.at += 1;
      if (c === '\\') {
        out += this.peek();
        this.at += 1;
      } else if (c === quote) {
        return out;
      } else {
        out += c;
      }
    }
    throw bad('Invalid filter provided: unterminated string.');
  }
}

function parseDate(raw: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function parseFilter(text: string): FilterNode {
  return new Parser(text).parse();
}

function comparisons(node: FilterNode): Comparison[] {
  return node.kind === 'cmp' ? [node] : node.items.flatMap(comparisons);
}

/**
 * Checks every comparison against the operation's `x-klaviyo-filters`. One leniency, on purpose:
 * a single-valued `equals` is accepted wherever a list-valued `equals` is (the spec lists only
 * `equals(name,[…])` for lists, but `equals(name,"x")` is what clients and the docs write).
 */
export function checkFilter(node: FilterNode, allowed: Record<string, FilterField>, resource: string): void {
  for (const cmp of comparisons(node)) {
    const field = allowed[cmp.field];
    if (!field) throw bad(`'${cmp.field}' is not a valid field for the resource '${resource}'.`);
    const isList = Array.isArray(cmp.value);
    const ops = isList ? field.list : [...field.single, ...field.list.filter((op) => op === 'equals')];
    if (!ops.includes(cmp.op)) {
      const form = isList ? 'a list of values' : 'a single value';
      throw bad(`'${cmp.op}' is not a valid operator for '${cmp.field}' with ${form}.`);
    }
    const values = Array.isArray(cmp.value) ? cmp.value : [cmp.value];
    if (values.length > 100) throw bad(`At most 100 values are allowed in '${cmp.op}' for '${cmp.field}'.`);
    for (const v of values) {
      if (field.format === 'date-time' && !(v instanceof Date)) {
        throw bad(`'${String(v)}' is not a valid datetime for '${cmp.field}'.`);
      }
      if (field.format !== 'date-time' && v instanceof Date) {
        throw bad(`'${cmp.field}' expects a quoted string value.`);
      }
    }
  }
}

export type FieldGetter<T> = (item: T, field: string) => Scalar | undefined;

function normalise(field: string, v: Scalar): Scalar {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && field === 'email') return v.toLowerCase();
  return v;
}

function matches(cmp: Comparison, actual: Scalar | undefined): boolean {
  if (actual === undefined) return false;
  const a = normalise(cmp.field, actual);
  const values = (Array.isArray(cmp.value) ? cmp.value : [cmp.value]).map((v) => normalise(cmp.field, v));
  switch (cmp.op) {
    case 'equals':
    case 'any':
      return values.some((v) => v === a);
    case 'greater-than':
      return a !== null && values.every((v) => v !== null && a > v);
    case 'greater-or-equal':
      return a !== null && values.every((v) => v !== null && a >= v);
    case 'less-than':
      return a !== null && values.every((v) => v !== null && a < v);
    case 'less-or-equal':
      return a !== null && values.every((v) => v !== null && a <= v);
    default:
      return false;
  }
}

/** A predicate for the parsed filter, reading fields through `get`. */
export function compileFilter<T>(node: FilterNode | null, get: FieldGetter<T>): (item: T) => boolean {
  if (!node) return () => true;
  const cmps = comparisons(node);
  return (item) => cmps.every((cmp) => matches(cmp, get(item, cmp.field)));
}

/**
 * The values of an `equals`/`any` comparison on `field` at the top level of the filter, so a
 * caller can start from an index instead of scanning; null when there is none.
 */
export function indexedValues(node: FilterNode | null, field: string): string[] | null {
  if (!node) return null;
  for (const cmp of comparisons(node)) {
    if (cmp.field !== field || (cmp.op !== 'equals' && cmp.op !== 'any')) continue;
    const values = Array.isArray(cmp.value) ? cmp.value : [cmp.value];
    return values.filter((v): v is string => typeof v === 'string');
  }
  return null;
}

export interface RangeBounds {
  /** Smallest value kept, or null; `inclusive` tells whether the bound itself is kept. */
  min: { value: number; inclusive: boolean } | null;
  max: { value: number; inclusive: boolean } | null;
}

/**
 * The tightest numeric (or datetime) range the top-level comparisons put on `field`, so a caller with
 * items ordered by that field can seek to the range instead of scanning; null when there is none.
 */
export function rangeBounds(node: FilterNode | null, field: string): RangeBounds | null {
  if (!node) return null;
  const bounds: RangeBounds = { min: null, max: null };
  for (const cmp of comparisons(node)) {
    if (cmp.field !== field || Array.isArray(cmp.value)) continue;
    const value = normalise(field, cmp.value);
    if (typeof value !== 'number') continue;
    const inclusive = cmp.op === 'greater-or-equal' || cmp.op === 'less-or-equal';
    if (cmp.op === 'greater-than' || cmp.op === 'greater-or-equal') {
      if (!bounds.min || value > bounds.min.value || (value === bounds.min.value && !inclusive)) bounds.min = { value, inclusive };
    } else if (cmp.op === 'less-than' || cmp.op === 'less-or-equal') {
      if (!bounds.max || value < bounds.max.value || (value === bounds.max.value && !inclusive)) bounds.max = { value, inclusive };
    }
  }
  return bounds.min || bounds.max ? bounds : null;
}
