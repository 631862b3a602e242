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
 *
 * Likewise `parsePhone` calls the build's own `parse(text, { defaultCountry, v2: true }, metadata)`
 * directly — what parsePhoneNumberFromString ends up calling — skipping four wrapper layers whose
 * Babel object-spread helpers cost ~10% of all parsing. It falls back to the public function when
 * the build's files are not what we expect.
 */
import { readFileSync, realpathSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Libphonenumber from 'libphonenumber-js/max';

export type LibphonenumberApi = Pick<typeof Libphonenumber,
  'parsePhoneNumberFromString' | 'validatePhoneNumberLength' | 'getCountries' | 'getCountryCallingCode' | 'isSupportedCountry'>;

type PhoneNumber = NonNullable<ReturnType<typeof Libphonenumber.parsePhoneNumberFromString>>;
type InternalParse = (text: string, options: { defaultCountry?: string; v2: true }, metadata: unknown) => PhoneNumber;

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

interface Loaded {
  api: LibphonenumberApi;
  memoized: boolean;
  parsePhone: (text: string, region: string) => PhoneNumber | undefined;
}

function load(): Loaded {
  const require = createRequire(import.meta.url);
  let memoized = false;
  let build: string | null = null;
  try {
    build = realpathSync(join(dirname(require.resolve('libphonenumber-js/max')), '..', 'build'));
    const helper = join(build, 'helpers', 'matchesEntirely.js');
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
  const api = require('libphonenumber-js/max') as LibphonenumberApi;
  const publicParse = (text: string, region: string) => api.parsePhoneNumberFromString(text, (region || undefined) as Libphonenumber.CountryCode | undefined);
  return { api, memoized, parsePhone: (build && directParse(require, build, api)) || publicParse };
}

function directParse(require: NodeJS.Require, build: string, api: LibphonenumberApi): Loaded['parsePhone'] | null {
  try {
    const parse = (require(join(build, 'parse.js')) as { default?: unknown }).default;
    const ParseError = (require(join(build, 'ParseError.js')) as { default?: unknown }).default;
    const metadata = require('libphonenumber-js/metadata.max.json') as unknown;
    if (typeof parse !== 'function' || typeof ParseError !== 'function') return null;
    const run = parse as InternalParse;
    return (text, region) => {
      // As parsePhoneNumber_ does: an unsupported default country is dropped, not an error.
      const defaultCountry = region && api.isSupportedCountry(region) ? region : undefined;
      try {
        return run(text, defaultCountry ? { defaultCountry, v2: true } : { v2: true }, metadata);
      } catch (error) {
        if (error instanceof (ParseError as new () => Error)) return undefined;
        throw error;
      }
    };
  } catch {
    return null;
  }
}

const loaded = load();

export const libphonenumber: LibphonenumberApi = loaded.api;
/** Whether the memoized helper is in use (false: stock speed). */
export const libphonenumberMemoized: boolean = loaded.memoized;
/** parsePhoneNumberFromString(text, region), minus its wrappers' overhead: the same answers. */
export const parsePhone: (text: string, region: string) => PhoneNumber | undefined = loaded.parsePhone;
