/**
 * Query strings the way Klaviyo documents them: filter expressions with quoted strings, every value
 * URI-encoded (its filtering guide recommends encodeURIComponent), and cursors taken from `links.next`.
 */

export type QueryParams = Readonly<Record<string, string | number | undefined>>;

/**
 * A string literal for a filter expression. Klaviyo quotes strings with double quotes; a quote or a
 * backslash inside the value is escaped with a backslash so the expression cannot be broken out of.
 */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `equals(field,"value")`. */
export function equalsFilter(field: string, value: string): string {
  return `equals(${field},${quote(value)})`;
}

/** `any(field,["a","b"])`: one request for many values (the SDK README's form). */
export function anyFilter(field: string, values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('any() needs at least one value');
  return `any(${field},[${values.map(quote).join(',')}])`;
}

/** `?a=1&b=2` with keys and values percent-encoded (brackets included), skipping undefined values. */
export function buildQuery(params: QueryParams): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Fills `{id}`-style placeholders with percent-encoded values. */
export function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new RangeError(`Missing path parameter: ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * The `page[cursor]` of a `links.next` URL, or null at the last page. Klaviyo's links always point at
 * https://a.klaviyo.com (even on a test server), so only the cursor is kept and the next request goes
 * to the client's own base URL. A bare cursor (not a URL) is accepted as it is.
 */
export function cursorFrom(next: string | null | undefined): string | null {
  if (next === null || next === undefined || next === '') return null;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return next;
  }
  const cursor = url.searchParams.get('page[cursor]');
  return cursor === null || cursor === '' ? null : cursor;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError('chunk size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
