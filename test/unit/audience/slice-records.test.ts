import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Newline } from '../../../electron/core/audience/csv-dialect';
import { createParser, parseSlice } from '../../../electron/core/audience/parse-slice';
import { SliceRecords } from '../../../electron/core/audience/slice-records';

/**
 * The reading the lookups must reproduce: find the line by counting every break from the slice's
 * start, then let papaparse read the whole rest of the slice.
 */
function fromStart(text: string, startLine: number, line: number, newline: Newline): string[] {
  const breaks = /\r\n|\n|\r/g;
  let at = 0;
  for (let n = startLine; n < line; n++) {
    const found = breaks.exec(text);
    if (!found) return [];
    at = breaks.lastIndex;
  }
  const values = (new Papa.Parser({ delimiter: ',', newline, preview: 1 }).parse(text.slice(at), 0, false) as { data: string[][] }).data[0] ?? [];
  const last = values[values.length - 1];
  if (newline === '\n' && last !== undefined && last.endsWith('\r')) values[values.length - 1] = last.slice(0, -1);
  return values;
}

/** Every record of a slice, looked up in line order with the staged lines, as the settler does. */
function lookUpAll(text: string, newline: Newline, startLine = 2) {
  const staged = parseSlice(createParser(',', newline), text, newline, startLine);
  const records = new SliceRecords(',', newline);
  const slice = { text, startLine };
  const found = staged.lines.map((line, r) => records.values(slice, line, staged.lines[r + 1]));
  return { staged, found };
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell.startsWith('"') ? `"${cell.replace(/"/g, '""')}"` : cell);
const eol = fc.constantFrom('\n', '\r\n');

/** Rows as a CSV writer quotes them; cells hold delimiters, quotes and line breaks of every kind. */
const writtenCsv = fc.tuple(eol, fc.array(fc.array(fc.oneof(
  fc.constantFrom('plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'old\rmac', '"', ' padded '),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/\r/g, '')),
), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.boolean())
  .map(([end, rows, finalBreak]) => rows.map((cells) => cells.map(quote).join(',')).join(end) + (finalBreak ? end : ''));

/** Anything at all: stray quotes, unclosed quotes, lone CRs after closing quotes. */
const anyText = fc.tuple(fc.array(fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', 'x"y', '""'), { maxLength: 40 }))
  .map(([parts]) => parts.join(''));

describe('SliceRecords', () => {
  it('finds every record of a written CSV exactly as staging read it', () => {
    fc.assert(fc.property(writtenCsv, (text) => {
      const { staged, found } = lookUpAll(text, '\n');
      expect(found).toEqual(staged.records);
    }), { numRuns: 2000 });
  });

  it('reads any text exactly as reading from the slice\'s start would', () => {
    fc.assert(fc.property(anyText, fc.constantFrom<Newline>('\n', '\r'), (text, newline) => {
      const { staged, found } = lookUpAll(text, newline, 7);
      expect(found).toEqual(staged.lines.map((line) => fromStart(text, 7, line, newline)));
    }), { numRuns: 3000 });
  });

  it('keeps quoted delimiters, quotes and line breaks, with CRLF lines', () => {
    const text = 'ann@example.com,"Lee, Ann"\r\nbob@example.com,"says ""hi""\r\ntwice\nthrice"\r\n\r\ncarol@example.com,"a\rb"\r\ndan@example.com,Dan\r\n';
    const { staged, found } = lookUpAll(text, '\n', 10);
    expect(staged.lines).toEqual([10, 11, 14, 15, 17]);
    expect(found).toEqual([
      ['ann@example.com', 'Lee, Ann'],
      ['bob@example.com', 'says "hi"\r\ntwice\nthrice'],
      [''],
      ['carol@example.com', 'a\rb'],
      ['dan@example.com', 'Dan'],
    ]);
  });

  it('reads the last record of a slice, with or without a final line break', () => {
    const records = new SliceRecords(',', '\n');
    const ended = { text: 'a,b\r\nc,"d\r\ne"\r\n', startLine: 5 };
    expect(records.values(ended, 6)).toEqual(['c', 'd\r\ne']);
    const open = { text: 'a,b\nc,"d\ne"', startLine: 5 };
    expect(records.values(open, 6)).toEqual(['c', 'd\ne']);
  });

  it('looks up an earlier line or another slice from the start again', () => {
    const records = new SliceRecords(',', '\n');
    const first = { text: 'a,1\nb,"2\n2"\nc,3\n', startLine: 2 };
    const second = { text: 'd,4\ne,5\n', startLine: 6 };
    expect(records.values(first, 5, undefined)).toEqual(['c', '3']);
    expect(records.values(first, 3, 5)).toEqual(['b', '2\n2']);
    expect(records.values(second, 7, undefined)).toEqual(['e', '5']);
    expect(records.values(second, 6, 7)).toEqual(['d', '4']);
    expect(records.values(first, 2, 3)).toEqual(['a', '1']);
    expect(records.values(first, 9, undefined)).toEqual([]);
  });

  it('reads on past the next record\'s line when that line falls inside a quoted field', () => {
    // Papaparse drops the lone CR after the closing quote, so staging counts one line fewer than
    // there are: the window up to the next record's line ends inside this record.
    const text = 'a,"x"\r,b\nc,"y\nz"\n';
    const staged = parseSlice(createParser(',', '\n'), text, '\n', 1);
    expect(staged.lines[1]).toBe(2);
    expect(new SliceRecords(',', '\n').values({ text, startLine: 1 }, 1, staged.lines[1])).toEqual(['a', 'x', 'b']);
  });

  it('finds each of thousands of lookups in one slice', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`p${i}@example.com`, i % 3 === 0 ? `note ${i},\r\n"quoted"` : `n${i}`]);
    const text = rows.map((cells) => cells.map(quote).join(',')).join('\r\n');
    const { found } = lookUpAll(text, '\n');
    expect(found).toEqual(rows);
  });
});
