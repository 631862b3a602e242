import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SequentialReader } from '../../../electron/core/audience/export-writer';

const dir = mkdtempSync(join(tmpdir(), 'sequential-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the merge rewrite reading the audience file front to back', () => {
  it('hands out exactly the bytes of any consecutive ranges, across chunk edges, and keeps earlier ranges intact', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => `row ${i},x\r\n`).join(''));
    const path = join(dir, 'audience.csv');
    writeFileSync(path, bytes);
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 300 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 500 })), { maxLength: 60 }),
      async (chunk, steps) => {
        const handle = await open(path, 'r');
        try {
          const reader = new SequentialReader(handle, bytes.length, chunk);
          const handedOut: Array<[Buffer, number, number]> = [];
          let from = 0;
          for (const [gap, length] of steps) {
            from = Math.min(bytes.length, from + gap);
            const to = Math.min(bytes.length, from + length);
            handedOut.push([await reader.range(from, to), from, to]);
          }
          // Every range still holds its bytes after later reads (they may sit queued for writing).
          for (const [range, start, end] of handedOut) expect(range.equals(bytes.subarray(start, end))).toBe(true);
        } finally {
          await handle.close();
        }
      },
    ), { numRuns: 200 });
  });

  it('refuses to go back, and says when the file is shorter than what was written', async () => {
    const path = join(dir, 'short.csv');
    writeFileSync(path, 'a,b\r\n');
    const handle = await open(path, 'r');
    try {
      const reader = new SequentialReader(handle, 100, 4);
      await expect(reader.range(0, 50)).rejects.toThrow(/shorter than written/);
      const fine = new SequentialReader(handle, 5, 2);
      expect((await fine.range(2, 5)).toString()).toBe('b\r\n');
      await expect(fine.range(0, 1)).rejects.toThrow(/front to back/);
    } finally {
      await handle.close();
    }
  });
});
