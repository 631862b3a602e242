/**
 * Parses text that starts at a record boundary (papaparse's raw Parser, its fastest path) and gives
 * each record the physical line it starts on. Quoted fields may hold delimiters, quotes and line
 * breaks, so a record can span lines; every CRLF, LF or lone CR counts as one line.
 */
import Papa from 'papaparse';
import type { Delimiter } from '../../../shared/audience';
import type { Dialect, Newline } from './csv-dialect';
import { countBreaks, countBreaksIn, lineStart } from './record-boundary';

export interface ParsedSlice {
  records: string[][];
  /** lines[i]: the 1-based line where records[i] starts. */
  lines: number[];
  /** The line after the slice. */
  nextLine: number;
}

export function createParser(delimiter: Delimiter, newline: Newline): Papa.Parser {
  return new Papa.Parser({ delimiter, newline });
}

/**
 * @param complete the text ends at a record boundary (or the end of the file); otherwise the last,
 *   possibly cut record is left out and `consumed` says where it starts.
 */
export function parseSlice(parser: Papa.Parser, text: string, newline: Newline, startLine: number, complete = true): ParsedSlice & { consumed: number } {
  if (text.length === 0) return { records: [], lines: [], nextLine: startLine, consumed: 0 };
  const result = parser.parse(text, 0, !complete) as { data: string[][]; meta: { cursor: number } };
  const records = result.data;
  const consumed = complete ? text.length : result.meta.cursor;
  const endsWithBreak = text.charCodeAt(consumed - 1) === newline.charCodeAt(0);
  // A final line break is not a record: papaparse reports it as one empty field.
  if (complete && endsWithBreak && records.length > 0) records.pop();
  const terminated = complete && !endsWithBreak ? records.length - 1 : records.length;
  // Each record ends with one line break; more breaks than records means quoted fields hold some.
  const embedded = countBreaksIn(text, 0, consumed) !== terminated;
  const stripCr = newline === '\n';
  const lines = new Array<number>(records.length);
  let line = startLine;
  for (let r = 0; r < records.length; r++) {
    const record = records[r]!;
    lines[r] = line++;
    if (stripCr) {
      // CRLF read with LF: the CR stays at the end of an unquoted last field.
      const last = record[record.length - 1]!;
      if (last.charCodeAt(last.length - 1) === 13) record[record.length - 1] = last.slice(0, -1);
    }
    if (embedded) for (const field of record) if (field.indexOf('\n') !== -1 || field.indexOf('\r') !== -1) line += countBreaks(field);
  }
  return { records, lines, nextLine: line, consumed };
}

export interface HeaderRecord {
  raw: string[];
  /** Where the data starts (after the header's line break). */
  end: number;
  /** The line the first data record starts on. */
  nextLine: number;
}

/**
 * The header is the first record that is not blank (blank lines before it are not data). Null
 * while the text holds no complete non-blank record yet.
 */
export function readHeader(text: string, dialect: Dialect, complete: boolean): HeaderRecord | null {
  const probe = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, preview: 100 });
  const rows = (probe.parse(text, 0, !complete) as { data: string[][] }).data;
  const at = rows.findIndex((r) => r.some((v) => v.trim() !== ''));
  if (at === -1) return null;
  const raw = rows[at]!.map((v, i, all) => (i === all.length - 1 && v.endsWith('\r') ? v.slice(0, -1) : v));
  const end = endOfRecords(text, rows.slice(0, at + 1));
  return { raw, end, nextLine: 1 + countBreaksIn(text, 0, end) };
}

/**
 * Where the text after the first `records.length` records starts. Counted in physical lines (every
 * record starts a line), because papaparse's cursor runs one record ahead when `preview` stops it.
 */
export function endOfRecords(text: string, records: string[][]): number {
  let lines = 0;
  for (const record of records) {
    lines++;
    record.forEach((field, i) => {
      const value = i === record.length - 1 && field.endsWith('\r') ? field.slice(0, -1) : field;
      if (value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) lines += countBreaks(value);
    });
  }
  const at = lineStart(text, lines);
  return at === -1 ? text.length : at;
}
