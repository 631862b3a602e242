import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { prepareAudience, runPrepareWorker } from '../../../electron/core/audience/prepare';
import type { PreparedBatch } from '../../../electron/core/audience/types';
import { collect, suggestedMapping, tempDir, writePeople } from './helpers';

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (AppError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('prepareAudience', () => {
  it('gives the same rows with stage workers as in one thread', async () => {
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 25_000);
    const mapping = await suggestedMapping(path);
    const inline = await collect(path, mapping, { stageWorkers: 0 });
    for (const workers of [1, 2]) {
      const threaded = await collect(path, mapping, { stageWorkers: workers });
      expect(threaded.records).toEqual(inline.records);
      expect(threaded.patches).toEqual(inline.patches);
      expect(threaded.result.counts).toEqual(inline.result.counts);
      expect(threaded.result.sha256).toBe(inline.result.sha256);
    }
    const c = inline.result.counts;
    expect(c.records).toBe(25_000);
    expect(c.accepted + c.rejected + c.duplicates + c.blank).toBe(c.records);
    expect(c.duplicates).toBeGreaterThan(1500);
    expect(inline.patches.length).toBeGreaterThan(0);
    expect(c.rejectedBy.invalid_email).toBeGreaterThan(0);
    expect(c.rejectedBy.invalid_phone).toBeGreaterThan(0);
  });

  it('waits for a slow sink: one batch at a time, in file order', async () => {
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 12_000);
    let writing = 0;
    let most = 0;
    const lines: number[] = [];
    await runPrepareWorker({
      path, mapping: await suggestedMapping(path), stageWorkers: 2, chunkBytes: 16 * 1024,
      sink: {
        async write(batch: PreparedBatch) {
          most = Math.max(most, ++writing);
          await new Promise((resolve) => setTimeout(resolve, 2));
          lines.push(...batch.records.map((r) => r.line));
          writing--;
        },
      },
    });
    expect(most).toBe(1);
    expect(lines).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 2));
  });

  it('reports progress up to the whole file', async () => {
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 5_000);
    const seen: number[] = [];
    const result = await prepareAudience({ path, mapping: await suggestedMapping(path), sink: { write() {} }, onProgress: (p) => seen.push(p.bytesRead) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(result.sizeBytes);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('stops with the sink\'s error', async () => {
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 3_000);
    const error = await failure(async () => prepareAudience({
      path, mapping: await suggestedMapping(path),
      sink: { write() { throw new AppError({ code: 'DATABASE_ERROR', message: 'staging failed' }); } },
    }));
    expect([error.code, error.message]).toEqual(['DATABASE_ERROR', 'staging failed']);
  });

  it('is cancelled at once by its signal', async () => {
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 20_000);
    const controller = new AbortController();
    const error = await failure(async () => runPrepareWorker({
      path, mapping: await suggestedMapping(path), signal: controller.signal, stageWorkers: 2,
      sink: { write: () => controller.abort(new AppError({ code: 'CANCELLED', message: 'Cancelled.' })) },
    }));
    expect(error.code).toBe('CANCELLED');
  });

  it('reads the whole file again as Windows-1252 when invalid UTF-8 shows up after the first megabyte', async () => {
    const path = join(tempDir(), 'late.csv');
    await writePeople(path, 30_000, { extra: (i) => (i === 5 ? ',Müller' : ','), extraHeader: 'Last Name' });
    appendFileSync(path, Buffer.from('C99999,late@example.com,,Late,pro,1,Ren\xe9e\n', 'latin1'));
    const mapping = await suggestedMapping(path);
    let resets = 0;
    const lines: number[] = [];
    const names: string[] = [];
    const result = await prepareAudience({
      path, mapping,
      sink: {
        write(batch) {
          for (const r of batch.records) {
            lines.push(r.line);
            if (r.status === 'accepted' && r.profile.fields.last_name !== undefined) names.push(r.profile.fields.last_name);
          }
        },
        reset() {
          resets++;
          lines.length = 0;
          names.length = 0;
        },
      },
    });
    expect(result.encoding).toBe('windows-1252');
    expect(result.encodingNote).toContain('Not valid UTF-8 after the first');
    expect(resets).toBe(1);
    expect(lines).toHaveLength(result.counts.records);
    expect(result.counts.records).toBe(30_001);
    // Read as Windows-1252 throughout: the late name is right, the early UTF-8 one shows its two bytes.
    expect(names).toEqual(['MÃ¼ller', 'Renée']);
    const refused = await failure(() => prepareAudience({ path, mapping, sink: { write() {} } }));
    expect(refused.code).toBe('FILE_UNREADABLE');
  });

  it('refuses a quote that is never closed instead of reading the rest of the file as one value', async () => {
    const path = join(tempDir(), 'unclosed.csv');
    writeFileSync(path, `Email,Notes\nann@example.com,fine\nbob@example.com,"oops\n${'more text\n'.repeat(1_800_000)}`);
    const error = await failure(() => prepareAudience({
      path, mapping: { defaultRegion: 'US', columns: [{ index: 0, header: 'Email', target: { kind: 'email' } }] }, sink: { write() {} },
    }));
    expect(error.code).toBe('FILE_NOT_CSV');
    expect(error.message).toContain('Line 3 ');
    expect(error.message).toContain('a quote (") is probably missing');
  });
});
