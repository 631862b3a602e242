import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { countBreaksIn, lastBoundary, lineStart } from '../../../electron/core/audience/record-boundary';
import { createParser, parseSlice, readHeader } from '../../../electron/core/audience/parse-slice';
import { SliceRecords } from '../../../electron/core/audience/slice-records';

/** Records of a text that ends with a line break (papaparse reports one empty record after it: dropped). */
const parseAll = (text: string) => {
  const records = (new Papa.Parser({ delimiter: ',', newline: '\n' }).parse(text, 0, false) as { data: string[][] }).data;
  if (text.endsWith('\n')) records.pop();
  return records;
};

/** CSV text built from fields that hold delimiters, quotes and line breaks, plus stray quotes. */
const csvText = fc.array(fc.array(fc.oneof(
  fc.constantFrom('plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '5\'11"'),
  fc.string({ maxLength: 6 }),
), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }).map((rows) => rows.map((cells) => cells.map((c) => {
  // Quote what needs it, leave a stray mid-field quote alone sometimes (papaparse reads it literally).
  if (/^[^",\r\n]*"[^",\r\n]*$/.test(c) && !c.startsWith('"')) return c;
  return /[",\r\n]/.test(c) || c.startsWith('"') ? `"${c.replace(/"/g, '""')}"` : c;
}).join(',')).join('\n') + '\n');

describe('record boundaries', () => {
  it('cuts only where papaparse itself ends a record', () => {
    fc.assert(fc.property(csvText, fc.nat(), (text, cutAt) => {
      const prefix = text.slice(0, cutAt % (text.length + 1));
      const boundary = lastBoundary(prefix, ',', '\n');
      if (boundary === -1) return;
      const whole = parseAll(text);
      const head = parseAll(text.slice(0, boundary));
      const tail = parseAll(text.slice(boundary));
      expect([...head, ...tail]).toEqual(whole);
    }), { numRuns: 2000 });
  });

  it('never cuts inside a quoted field that spans lines', () => {
    const text = 'a,b\n1,"x\ny\nz"\n2,w\n3,"unfinished\nstill';
    expect(text.slice(0, lastBoundary(text, ',', '\n'))).toBe('a,b\n1,"x\ny\nz"\n2,w\n');
    expect(lastBoundary('"only a quoted\nfield', ',', '\n')).toBe(-1);
  });

  it('counts CRLF, LF and a lone CR as one line each', () => {
    expect(countBreaksIn('a\r\nb\nc\rd')).toBe(3);
    expect(lineStart('a\r\nb\nc\rd', 3)).toBe(7);
    expect(lineStart('a\nb', 5)).toBe(-1);
  });

  it('counts lines on from a line start, in texts with and without CRs', () => {
    const text = 'a\nb\r\nc\rd\ne';
    expect([0, 1, 2, 3, 4].map((skip) => lineStart(text, skip, 2))).toEqual([2, 5, 7, 9, -1]);
    const lf = Array.from({ length: 50 }, (_, i) => `row ${i}`).join('\n');
    expect(lineStart(lf, 49)).toBe(lf.lastIndexOf('\n') + 1);
    expect(lineStart(lf, 10, lineStart(lf, 30))).toBe(lf.indexOf('row 40'));
  });
});

describe('parseSlice', () => {
  it('gives each record the physical line it starts on, across quoted line breaks', () => {
    const text = 'ann,"two\r\nlines"\r\nbob,x\r\n\r\ncarol,"a\rb"\r\n';
    const { records, lines, nextLine } = parseSlice(createParser(',', '\n'), text, '\n', 10);
    expect(records).toEqual([['ann', 'two\r\nlines'], ['bob', 'x'], [''], ['carol', 'a\rb']]);
    expect(lines).toEqual([10, 12, 13, 14]);
    expect(nextLine).toBe(16);
  });

  it('keeps a last record without a final line break, and leaves a cut one for later', () => {
    expect(parseSlice(createParser(',', '\n'), 'a,b\nc,d', '\n', 1).records).toEqual([['a', 'b'], ['c', 'd']]);
    const partial = parseSlice(createParser(',', '\n'), 'a,b\nc,"d', '\n', 1, false);
    expect(partial.records).toEqual([['a', 'b']]);
    expect(partial.consumed).toBe(4);
  });

  it('finds the header after blank lines and the values of any line again', () => {
    const text = '\n\nEmail,Name\nann@example.com,"Lee,\nAnn"\nbob@example.com,Bob\n';
    const header = readHeader(text, { delimiter: ',', newline: '\n' }, true)!;
    expect(header.raw).toEqual(['Email', 'Name']);
    expect(header.nextLine).toBe(4);
    const body = text.slice(header.end);
    const records = new SliceRecords(',', '\n');
    expect(records.values({ text: body, startLine: 4 }, 6)).toEqual(['bob@example.com', 'Bob']);
    expect(records.values({ text: body, startLine: 4 }, 4, 6)).toEqual(['ann@example.com', 'Lee,\nAnn']);
  });
});
