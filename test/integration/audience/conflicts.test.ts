import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Encoding } from '../../../shared/audience';
import type { Mapping } from '../../../shared/mapping';
import { exportAudience } from '../../../electron/core/audience/export';
import { tempDir } from './helpers';

const HEADER = ['Email', 'Phone', 'Name', 'Note'];
const MAPPING: Mapping = {
  defaultRegion: 'US',
  columns: [
    { index: 0, header: 'Email', target: { kind: 'email' } },
    { index: 1, header: 'Phone', target: { kind: 'phone' } },
    { index: 2, header: 'Name', target: { kind: 'field', field: 'first_name' } },
    { index: 3, header: 'Note', target: { kind: 'property', name: 'note', type: 'string' } },
  ],
};
const PEOPLE = 30;
const NAMES = ['Ann', 'José', 'Chloé Müller', 'Lee, Bo', 'Zoë "Z" Brown'];

interface Row { line: number; cells: string[] }

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const breaks = (cell: string) => cell.match(/\r\n|\n|\r/g)?.length ?? 0;

/**
 * `rows` people: the first 30 distinct, then every row reuses one of their phones with another
 * email. So nearly every row is a conflict, each slice's last record included, and many values hold
 * quoted delimiters, quotes and line breaks (the file's own and the other kind), so records span lines.
 */
function conflictFile(rows: number, eol: string, finalBreak: boolean): { text: string; conflicts: Row[] } {
  const notes = (i: number) => [`note ${i}`, `a, b; ${i}`, `say "hi" ${i}`, `two${eol}lines ${i}`, `mixed\nbreak\r\nkinds ${i}`, ` padded ${i} `, ''];
  const lines = [HEADER.join(',')];
  const conflicts: Row[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    const person = i < PEOPLE ? i : i % PEOPLE;
    const email = i < PEOPLE ? `person${i}@example.com` : `other${i}@example.com`;
    const notesOf = notes(i);
    const cells = [email, `(206) 555-01${String(person).padStart(2, '0')}`, NAMES[i % NAMES.length]!, notesOf[i % notesOf.length]!];
    if (i >= PEOPLE) conflicts.push({ line, cells });
    lines.push(cells.map(quote).join(','));
    line += 1 + cells.reduce((n, cell) => n + breaks(cell), 0);
  }
  return { text: lines.join(eol) + (finalBreak ? eol : ''), conflicts };
}

/** The rejects report's rows: line number and the original values (after line, reason and message). */
function rejectedValues(path: string): Row[] {
  const rows = Papa.parse<string[]>(readFileSync(path, 'utf8'), { delimiter: ',', newline: '\r\n' }).data;
  expect(rows[0]).toEqual(['line', 'reason', 'message', ...HEADER, 'extra values']);
  return rows.slice(1).filter((r) => r.length > 1).map((r) => {
    expect(r[1]).toBe('conflict');
    expect(r[7]).toBe('');
    return { line: Number(r[0]), cells: r.slice(3, 7) };
  });
}

const ENCODINGS: Array<[name: string, encoding: Encoding, eol: string, finalBreak: boolean, encode: (text: string) => Buffer]> = [
  ['UTF-8, LF', 'utf-8', '\n', true, (text) => Buffer.from(text, 'utf8')],
  ['UTF-8 with BOM, CRLF, no final line break', 'utf-8-bom', '\r\n', false, (text) => Buffer.from(`\ufeff${text}`, 'utf8')],
  ['UTF-16 LE, CRLF', 'utf-16le', '\r\n', true, (text) => Buffer.from(`\ufeff${text}`, 'utf16le')],
  // Latin-1 bytes: Windows-1252 for every character these rows use.
  ['Windows-1252, CRLF', 'windows-1252', '\r\n', true, (text) => Buffer.from(text, 'latin1')],
];

describe('conflicts in the rejects report', () => {
  it.each(ENCODINGS)('%s: every conflict row keeps its original values, over many slices', async (_name, encoding, eol, finalBreak, encode) => {
    const dir = tempDir();
    const path = join(dir, 'people.csv');
    // Past the first megabyte (one slice full of conflicts), small reads make many slices more.
    const { text, conflicts } = conflictFile(22_000, eol, finalBreak);
    writeFileSync(path, encode(text));
    const result = await exportAudience({ path, mapping: MAPPING, outDir: dir, chunkBytes: 4096 });
    expect(result.encoding).toBe(encoding);
    expect(result.counts).toMatchObject({ records: 22_000, accepted: PEOPLE, rejected: conflicts.length, rejectedBy: { conflict: conflicts.length } });
    const rejected = rejectedValues(result.files.rejects);
    expect(rejected.length).toBe(conflicts.length);
    // One by one, so a failure names the first wrong line rather than a 22,000-row diff.
    for (let i = 0; i < conflicts.length; i++) expect(rejected[i]).toEqual(conflicts[i]);
  });
});
