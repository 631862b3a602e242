/**
 * The original values of single records of a slice, found again by line. The reading thread needs
 * them for the rows it rejects itself (conflicts), whose values the stage workers did not send back.
 * A file can hold thousands of conflicts, so each lookup must cost only its own record: a cursor
 * carries on from the previous lookup (they come in line order within a slice), and papaparse sees only
 * the record's own lines (given the whole rest of the slice, its fast path splits all of it).
 */
import Papa from 'papaparse';
import type { Delimiter } from '../../../shared/audience';
import type { Newline } from './csv-dialect';
import { lineStart } from './record-boundary';

export interface SliceText {
  text: string;
  /** The line the text starts on. */
  startLine: number;
}

export class SliceRecords {
  private readonly parser: Papa.Parser;
  private readonly newlineCode: number;
  /** The slice of the last lookup (kept until the next one), and where in it that lookup's line starts. */
  private slice: SliceText | null = null;
  private line = 0;
  private at = 0;

  constructor(delimiter: Delimiter, private readonly newline: Newline) {
    this.parser = new Papa.Parser({ delimiter, newline, preview: 1 });
    this.newlineCode = newline.charCodeAt(0);
  }

  /**
   * The values of the record that starts on `line` ([] when the slice has no such line).
   * @param nextLine the line the next record starts on (the staged result's next `lines` entry);
   *   undefined for the slice's last record
   */
  values(slice: SliceText, line: number, nextLine?: number): string[] {
    if (slice !== this.slice || line < this.line) {
      this.slice = slice;
      this.line = slice.startLine;
      this.at = 0;
    }
    const text = slice.text;
    const at = lineStart(text, line - this.line, this.at);
    if (at < 0) return [];
    this.line = line;
    this.at = at;
    const stop = nextLine === undefined || nextLine <= line ? -1 : lineStart(text, nextLine - line, at);
    const end = stop < 0 ? text.length : stop;
    let parsed = this.parse(text.slice(at, end));
    // The window holds the whole record when it ends with a record break outside quotes (an unclosed
    // quote is an error). The staged lines count the breaks papaparse kept in values; where they and
    // the physical lines disagree (a lone CR after a closing quote or ending a quoted last field, LF
    // after CR in a CR file), the window may end inside the record: read on to the slice's end, as
    // papaparse would.
    if (end < text.length && (parsed.errors.length > 0 || text.charCodeAt(end - 1) !== this.newlineCode)) parsed = this.parse(text.slice(at));
    const values = parsed.data[0] ?? [];
    const last = values[values.length - 1];
    if (this.newline === '\n' && last !== undefined && last.endsWith('\r')) values[values.length - 1] = last.slice(0, -1);
    return values;
  }

  private parse(text: string): { data: string[][]; errors: unknown[] } {
    return this.parser.parse(text, 0, false) as { data: string[][]; errors: unknown[] };
  }
}
