/**
 * The only way to write SQL in this app: a tagged template whose `${values}` become bound parameters.
 * A value can never become SQL text, so string-built SQL (and injection) cannot happen; identifiers
 * (table and column names) cannot be interpolated at all and must be written in the template.
 * Fragments compose: `sql`… WHERE ${condition}`` inlines another `sql` fragment with its parameters.
 */

/** What SQLite can bind. Booleans and undefined are refused on purpose: store 0/1 and null explicitly. */
export type SqlValue = string | number | bigint | Buffer | null;

const FRAGMENT = Symbol('sql fragment');

export interface SqlQuery {
  readonly [FRAGMENT]: true;
  /** The statement text with `?` placeholders. */
  readonly text: string;
  /** The bound values, in placeholder order. */
  readonly values: readonly SqlValue[];
}

export function isSqlQuery(value: unknown): value is SqlQuery {
  return typeof value === 'object' && value !== null && (value as Partial<SqlQuery>)[FRAGMENT] === true;
}

/** `values` must be a fresh array the caller gives up (it is frozen in place, not copied: this is a hot path). */
function fragment(text: string, values: SqlValue[]): SqlQuery {
  return Object.freeze({ [FRAGMENT]: true as const, text, values: Object.freeze(values) });
}

function assertBindable(value: unknown, index: number): asserts value is SqlValue {
  const ok = value === null || typeof value === 'string' || typeof value === 'bigint' || Buffer.isBuffer(value)
    || (typeof value === 'number' && !Number.isNaN(value));
  if (!ok) {
    // A programming error, not a user-facing one: the type system already forbids it in TypeScript.
    throw new TypeError(`sql: value #${index + 1} (${typeof value}) cannot be bound; use a string, number, bigint, Buffer or null`);
  }
}

/** sql`SELECT * FROM credentials WHERE id = ${id}` → { text: 'SELECT * FROM credentials WHERE id = ?', values: [id] } */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<SqlValue | SqlQuery>): SqlQuery {
  let text = strings[0] ?? '';
  const bound: SqlValue[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (isSqlQuery(value)) {
      text += value.text;
      for (const inner of value.values) bound.push(inner);
    } else {
      assertBindable(value, index);
      text += '?';
      bound.push(value);
    }
    text += strings[index + 1] ?? '';
  }
  return fragment(text, bound);
}

/** Joins fragments or values with a separator fragment, e.g. for `IN (${sqlJoin(ids)})`. */
export function sqlJoin(items: ReadonlyArray<SqlValue | SqlQuery>, separator: SqlQuery = sql`, `): SqlQuery {
  if (items.length === 0) throw new TypeError('sqlJoin: nothing to join (an empty IN () is not valid SQL)');
  let text = '';
  const bound: SqlValue[] = [];
  items.forEach((item, index) => {
    if (index > 0) {
      text += separator.text;
      bound.push(...separator.values);
    }
    if (isSqlQuery(item)) {
      text += item.text;
      bound.push(...item.values);
    } else {
      assertBindable(item, index);
      text += '?';
      bound.push(item);
    }
  });
  return fragment(text, bound);
}

/** A fragment with no SQL text, for optional clauses: sql`SELECT … ${filter ? sql`WHERE …` : empty}`. */
export const emptySql: SqlQuery = fragment('', []);

/**
 * Statement text for `store.prepare`, which binds positionally in hot loops. Taking the template
 * strings (and nothing else) means only literal SQL written in the source can be prepared.
 */
export function staticSqlText(strings: TemplateStringsArray, values: readonly unknown[]): string {
  if (values.length > 0 || !Array.isArray(strings.raw) || strings.length !== 1) {
    throw new TypeError('store.prepare takes literal SQL with ? placeholders; interpolate values with sql`` instead');
  }
  return strings[0] ?? '';
}
