/** Which delimiter and line break a file uses, decided from its first lines. Pure. */
import Papa from 'papaparse';
import { DELIMITERS, type Delimiter } from '../../../shared/audience';

export type Newline = '\n' | '\r';

export interface Dialect {
  delimiter: Delimiter;
  /** '\n' also covers CRLF: the CR left at the end of a line is removed by the reader. */
  newline: Newline;
}

/** Old Mac files end lines with a bare CR; everything else has LF (alone or after CR). */
export function detectNewline(text: string): Newline {
  return text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
}

interface Score { delimiter: Delimiter; width: number; consistency: number }

/**
 * Parses the sample with each candidate and keeps the one whose rows agree with the header's field
 * count most often (ties: more fields, then the order of DELIMITERS). A file with a single column
 * gives every candidate a width of 1: it is read with a comma.
 */
export function detectDialect(text: string, maxRows = 200): Dialect {
  const newline = detectNewline(text);
  const lastBreak = text.lastIndexOf(newline);
  const sample = lastBreak > 0 ? text.slice(0, lastBreak) : text;
  const scores: Score[] = DELIMITERS.map((delimiter) => {
    const parser = new Papa.Parser({ delimiter, newline, preview: maxRows });
    const rows = (parser.parse(sample, 0, false) as { data: string[][] }).data
      .filter((row) => !(row.length === 1 && (row[0] ?? '').trim() === ''));
    const width = rows[0]?.length ?? 0;
    const agreeing = rows.filter((row) => row.length === width).length;
    return { delimiter, width, consistency: rows.length === 0 ? 0 : agreeing / rows.length };
  });
  const usable = scores.filter((s) => s.width >= 2);
  if (usable.length === 0) return { delimiter: ',', newline };
  usable.sort((a, b) => b.consistency - a.consistency || b.width - a.width);
  return { delimiter: usable[0]!.delimiter, newline };
}
