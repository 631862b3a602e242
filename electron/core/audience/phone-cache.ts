/** Parses each distinct phone key once per thread: later rows with the same key hit the cache. */
import { ByteKeyTable, growTypedArray } from './byte-key-table';
import { parsePhoneKey } from './phone';

export class PhoneCache {
  private keys = new ByteKeyTable();
  private codes = new Float64Array(1024);
  parsed = 0;
  hits = 0;

  /** Sizes the cache for about `expected` numbers at once (only while it is still empty). */
  reserve(expected: number): void {
    if (this.keys.size > 0 || expected <= 1024) return;
    this.keys = new ByteKeyTable(expected, 13);
    this.codes = new Float64Array(expected);
  }

  resolve(keys: readonly string[], regions: readonly string[]): Float64Array {
    const out = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const region = regions[i]!;
      const before = this.keys.size;
      const entry = this.keys.insert(region === '' ? key : `${key}\u0000${region}`);
      if (entry === before) {
        this.codes = growTypedArray(this.codes, entry + 1);
        this.codes[entry] = parsePhoneKey(key, region);
        this.parsed++;
      } else {
        this.hits++;
      }
      out[i] = this.codes[entry]!;
    }
    return out;
  }
}
