import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeyTable } from '../../../electron/core/audience/byte-key-table';

describe('ByteKeyTable', () => {
  it('numbers keys in insertion order and finds every one after many growths', () => {
    const table = new ByteKeyTable();
    const n = 50_000;
    for (let i = 0; i < n; i++) expect(table.insert(`person${i}@example.com`)).toBe(i);
    for (let i = 0; i < n; i += 7) expect(table.find(`person${i}@example.com`)).toBe(i);
    expect(table.find('person50000@example.com')).toBe(-1);
    expect(table.insert('person123@example.com')).toBe(123);
    expect(table.size).toBe(n);
    expect(table.keyAt(4242)).toBe('person4242@example.com');
  });

  it('behaves like a Map for any strings, including non-ASCII and empty ones', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 300 }), (keys) => {
      const table = new ByteKeyTable();
      const reference = new Map<string, number>();
      for (const key of keys) {
        const entry = table.insert(key);
        if (!reference.has(key)) reference.set(key, reference.size);
        expect(entry).toBe(reference.get(key));
      }
      for (const [key, entry] of reference) {
        expect(table.find(key)).toBe(entry);
        expect(table.keyAt(entry)).toBe(key);
      }
    }));
  });
});
