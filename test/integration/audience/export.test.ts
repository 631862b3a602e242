import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Mapping } from '../../../shared/mapping';
import { exportAudience } from '../../../electron/core/audience/export';
import { fixture, suggestedMapping, tempDir, writePeople } from './helpers';

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (AppError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

/** Mounts something over `dir` for the test, or returns why it can't (not root, no mount permission). */
function mount(args: string[], dir: string): string | null {
  const result = spawnSync('mount', [...args, dir], { encoding: 'utf8' });
  if (result.status !== 0) return `mount ${args.join(' ')} is not permitted here: ${(result.stderr || result.error?.message || '').trim()}`;
  onTestFinished(() => void spawnSync('umount', ['-l', dir]));
  return null;
}

describe('exportAudience', () => {
  it('writes the SFTP-ready audience, the rejects report and the summary', async () => {
    const out = tempDir();
    const path = fixture('duplicates.csv');
    const mapping = await suggestedMapping(path);
    const result = await exportAudience({ path, mapping, outDir: out });
    expect(readdirSync(out).sort()).toEqual(['duplicates.audience.csv', 'duplicates.rejects.csv', 'duplicates.summary.json']);
    expect(result.files).toEqual({
      audience: join(out, 'duplicates.audience.csv'), rejects: join(out, 'duplicates.rejects.csv'), summary: join(out, 'duplicates.summary.json'),
    });
    // Merges are applied to the kept rows: Ann's city, Eve's email and plan, Frank's city.
    expect(readFileSync(result.files.audience, 'utf8')).toBe([
      'Email,PhoneNumber,ExternalID,first_name,city,Plan',
      'ann@example.com,+12065550100,C1,Ann,Seattle,gold',
      'bob@example.com,,C2,Bob,Portland,silver',
      'eve@example.com,,C3,Eve,Denver,bronze',
      'frank@example.com,+15035550199,,,Salem,',
      'gina@example.com,+15035550177,,,,',
      '',
    ].join('\r\n'));
    const rejects = readFileSync(result.files.rejects, 'utf8').split('\r\n');
    expect(rejects[0]).toBe('line,reason,message,Email,Phone,Customer ID,First Name,City,Plan,extra values');
    expect(rejects[1]).toBe('6,conflict,phone +12065550100 is already used by line 2 with ann@example.com,carol@example.com,206 555 0100,,Carol,,,');
    const summary = JSON.parse(readFileSync(result.files.summary, 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      counts: { records: 11, accepted: 5, rejected: 2, duplicates: 4, blank: 0, rejectedBy: { conflict: 2 } },
      rejectedBy: { conflict: 2 },
      input: { name: 'duplicates.csv', encoding: 'utf-8', delimiter: ',', sha256: createHash('sha256').update(readFileSync(path)).digest('hex') },
      mapping,
      files: { audience: { name: 'duplicates.audience.csv', rows: 5, lineEnding: 'CRLF', mergedRows: 3 }, rejects: { rows: 2 }, summary: { name: 'duplicates.summary.json' } },
    });
  });

  it('writes only the identifier columns the mapping uses, and quotes values as RFC 4180 asks', async () => {
    const out = tempDir();
    const path = fixture('quoted.csv');
    const mapping: Mapping = {
      defaultRegion: 'US',
      columns: [
        { index: 2, header: 'Notes', target: { kind: 'property', name: 'notes', type: 'string' } },
        { index: 0, header: 'Email', target: { kind: 'email' } },
        { index: 1, header: 'Name', target: { kind: 'field', field: 'first_name' } },
      ],
    };
    const result = await exportAudience({ path, mapping, outDir: out });
    expect(readFileSync(result.files.audience, 'utf8')).toBe('Email,notes,first_name\r\n'
      + 'ann@example.com,"She said ""hi"", twice","Lee, Ann"\r\n'
      + 'bob@example.com,"Line one\nline two\nline three",Bob\r\n'
      + 'carol@example.com,"a, b; c|d","Carol ""CJ"" Jones"\r\n'
      + 'dan@example.com,,Dan\r\n');
  });

  it('keeps rejected values from running as spreadsheet formulas', async () => {
    const out = tempDir();
    const path = fixture('messy-phones.csv');
    const result = await exportAudience({ path, mapping: await suggestedMapping(path), outDir: out });
    const rejects = readFileSync(result.files.rejects, 'utf8');
    expect(rejects).toContain('a14@example.com,\'+999 1234,');
    expect(rejects).not.toMatch(/,\+999/);
  });

  it('refuses a property that would take an identifier\'s column name', async () => {
    const path = fixture('plain-lf.csv');
    const error = await failure(() => exportAudience({
      path, outDir: tempDir(),
      mapping: { defaultRegion: 'US', columns: [
        { index: 0, header: 'Email', target: { kind: 'email' } },
        { index: 2, header: 'Plan', target: { kind: 'property', name: 'Email', type: 'string' } },
      ] },
    }));
    expect(error.code).toBe('INVALID_MAPPING');
    expect(error.message).toContain('would both be called "Email"');
  });

  it('replaces an earlier export only when the new one is complete, leaving no temporary files', async () => {
    const out = tempDir();
    const path = fixture('plain-lf.csv');
    writeFileSync(join(out, 'plain-lf.audience.csv'), 'old');
    const result = await exportAudience({ path, mapping: await suggestedMapping(path), outDir: out });
    expect(readFileSync(result.files.audience, 'utf8')).toContain('ann@example.com');
    expect(readdirSync(out).sort()).toEqual(['plain-lf.audience.csv', 'plain-lf.rejects.csv', 'plain-lf.summary.json']);
  });

  it('says plainly when the folder is a file or does not exist', async () => {
    const dir = tempDir();
    const path = fixture('plain-lf.csv');
    const mapping = await suggestedMapping(path);
    writeFileSync(join(dir, 'a-file'), '');
    const notFolder = await failure(() => exportAudience({ path, mapping, outDir: join(dir, 'a-file') }));
    expect([notFolder.code, notFolder.message]).toEqual(['WRITE_FAILED', `${join(dir, 'a-file')} is not a folder: choose a folder for the export.`]);
    const missing = await failure(() => exportAudience({ path, mapping, outDir: join(dir, 'nope') }));
    expect(missing.message).toContain('doesn\'t exist');
  });

  it('fails cleanly on a read-only folder', async (ctx) => {
    const out = tempDir();
    const why = mount(['--bind', out], out) ?? mount(['-o', 'remount,ro,bind'], out);
    if (why) ctx.skip(why);
    const path = fixture('plain-lf.csv');
    const error = await failure(async () => exportAudience({ path, mapping: await suggestedMapping(path), outDir: out }));
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.message).toContain('read-only');
    expect(readdirSync(out)).toEqual([]);
  });

  it('fails cleanly on a full disk, leaving nothing behind', async (ctx) => {
    const out = join(tempDir(), 'small-disk');
    mkdirSync(out);
    const why = mount(['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs'], out);
    if (why) ctx.skip(why);
    const input = join(tempDir(), 'people.csv');
    await writePeople(input, 20_000);
    const error = await failure(async () => exportAudience({ path: input, mapping: await suggestedMapping(input), outDir: out }));
    expect([error.code, error.message]).toEqual(['WRITE_FAILED', `The disk is full: free some space in ${out} and try again.`]);
    expect(readdirSync(out)).toEqual([]);
  });
});
