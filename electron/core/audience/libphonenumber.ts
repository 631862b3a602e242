/**
 * libphonenumber-js ("max" metadata), loaded with one helper memoized.
 *
 * Why: its `matchesEntirely(text, pattern)` builds `new RegExp('^(?:' + pattern + ')$')` on every call,
 * several times per number; V8 must flatten and hash the (kilobyte-long) pattern each time to find
 * the compiled regexp. That is about half of all parsing time. Caching one RegExp per pattern
 * (patterns come from the fixed metadata: a few thousand at most; no flags, so `.test` keeps no state)
 * makes parsing about 2× faster with identical results (test/unit/audience/libphonenumber.test.ts).
 *
 * How: the library's CommonJS build requires the helper by path, so the helper's entry in
 * `require.cache` (public Node API, per thread) is filled before the library loads. If the helper
 * is not where or what we expect (another library version), the stock library is used unchanged.
 */
import { readFileSync, realpathSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Libphonenumber from 'libphonenumber-js/max';

export type LibphonenumberApi = Pick<typeof Libphonenumber,
  'parsePhoneNumberFromString' | 'validatePhoneNumberLength' | 'getCountries' | 'isSupportedCountry'>;

const STOCK_BODY = "return new RegExp('^(?:' + regularExpressionText + ')$').test(text);";

function memoizedMatchesEntirely(): (text: string | undefined, pattern: string) => boolean {
  const compiled = new Map<string, RegExp>();
  return (text, pattern) => {
    let regexp = compiled.get(pattern);
    if (regexp === undefined) {
      regexp = new RegExp(`^(?:${pattern})$`);
      compiled.set(pattern, regexp);
    }
    return regexp.test(text || '');
  };
}

function load(): { api: LibphonenumberApi; memoized: boolean } {
  const require = createRequire(import.meta.url);
  let memoized = false;
  try {
    const helper = realpathSync(join(dirname(require.resolve('libphonenumber-js/max')), '..', 'build', 'helpers', 'matchesEntirely.js'));
    if (require.cache[helper] === undefined && readFileSync(helper, 'utf8').includes(STOCK_BODY)) {
      const seeded = new Module(helper);
      seeded.filename = helper;
      seeded.loaded = true;
      seeded.exports = { __esModule: true, default: memoizedMatchesEntirely() };
      require.cache[helper] = seeded;
      memoized = true;
    }
  } catch {
    // Not the layout we know: the stock library works, only slower.
  }
  return { api: require('libphonenumber-js/max') as LibphonenumberApi, memoized };
}

const loaded = load();

export const libphonenumber: LibphonenumberApi = loaded.api;
/** Whether the memoized helper is in use (false: stock speed). */
export const libphonenumberMemoized: boolean = loaded.memoized;
