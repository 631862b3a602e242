/** Shared pieces of the audience integration tests: temp folders, fixtures, a collecting sink, generated files. */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { onTestFinished } from 'vitest';
import type { Mapping } from '../../../shared/mapping';
import { inspectFile } from '../../../electron/core/audience/inspect';
import { prepareAudience } from '../../../electron/core/audience/prepare';
import type { MergePatch, PreparedRecord, PrepareResult } from '../../../electron/core/audience/types';

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/csv/${name}`, import.meta.url));

/** A folder removed when the test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audience-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function suggestedMapping(path: string): Promise<Mapping> {
  return (await inspectFile(path)).suggestedMapping;
}

export interface Collected {
  result: PrepareResult;
  records: PreparedRecord[];
  patches: MergePatch[];
  batches: number;
}

export async function collect(path: string, mapping: Mapping, options: { stageWorkers?: number; signal?: AbortSignal } = {}): Promise<Collected> {
  const records: PreparedRecord[] = [];
  const patches: MergePatch[] = [];
  let batches = 0;
  const { runPrepareWorker } = await import('../../../electron/core/audience/prepare');
  const sink = {
    write(batch: { records: PreparedRecord[]; patches: MergePatch[] }) {
      batches++;
      records.push(...batch.records);
      patches.push(...batch.patches);
    },
    reset() {
      records.length = 0;
      patches.length = 0;
    },
  };
  const result = options.stageWorkers === undefined
    ? await prepareAudience({ path, mapping, sink, ...(options.signal ? { signal: options.signal } : {}) })
    : (await runPrepareWorker({ path, mapping, sink, stageWorkers: options.stageWorkers, ...(options.signal ? { signal: options.signal } : {}) })).result;
  return { result, records, patches, batches };
}

/** Records after the header, counted by papaparse itself over the decoded text (blank lines included). */
export function countRecords(text: string, delimiter: string): number {
  const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { delimiter, skipEmptyLines: false }).data;
  if (/\r?\n$|\r$/.test(text)) rows.pop();
  const header = rows.findIndex((r) => r.some((v) => v.trim() !== ''));
  return rows.length - header - 1;
}

export function decodeFixture(name: string, encoding: string): string {
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  return new TextDecoder(label).decode(readFileSync(fixture(name)));
}

export const PEOPLE_HEADER = 'Customer ID,Email,Phone,First Name,Plan,Spent';

/**
 * A generated file of `rows` people: messy phones and emails, ~10% repeats of earlier people (some
 * adding a plan the first row lacked), a few invalid rows. Deterministic.
 */
export async function writePeople(path: string, rows: number, options: { extra?: (i: number) => string; extraHeader?: string } = {}): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${PEOPLE_HEADER}${options.extraHeader ? `,${options.extraHeader}` : ''}\n`);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const formats = [(d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `+1 ${d}`, (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`];
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const person = i > 10 && rnd() < 0.1 ? Math.floor(rnd() * i) : i;
    const digits = `${[206, 415, 503, 212][person % 4]}${String(2000000 + ((person * 7919) % 7999999)).padStart(7, '0')}`;
    const email = person % 97 === 13 ? `broken${person}.example.com` : `Person${person}@Example.com`;
    const phone = person % 89 === 7 ? '555-01' : formats[Math.floor(rnd() * formats.length)]!(digits);
    const plan = person === i && person % 5 === 0 ? '' : ['free', 'pro', 'team'][person % 3];
    buffer += `C${person},${email},${phone},Name ${person},${plan},${(person % 500) / 4}${options.extra ? options.extra(i) : ''}\n`;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
