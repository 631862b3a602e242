/**
 * Where records end, without parsing them: the reading thread cuts the text into slices that end
 * exactly at a record boundary, so other threads can parse the slices independently. The scan follows
 * papaparse's rules: a quote opens a quoted field only at the start of a field; inside one, `""` is a
 * quote and a quote closes the field only when followed (after optional spaces) by the delimiter, a
 * line break or the end. Line breaks inside quoted fields are not boundaries.
 */
const QUOTE = 34;

function isFieldStart(text: string, at: number, from: number, delimiter: number, newline: number): boolean {
  if (at === from) return true;
  const before = text.charCodeAt(at - 1);
  return before === delimiter || before === newline;
}

/** After a closing-quote candidate at `at`: does a delimiter, line break or the end follow (spaces allowed)? */
function closesField(text: string, at: number, delimiter: number, newline: number): boolean {
  let k = at + 1;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === delimiter || c === newline) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * The index just after the last record boundary (a line break outside quotes) in `text`, which must
 * start at a boundary; -1 when the text holds no complete record.
 */
export function lastBoundary(text: string, delimiterChar: string, newlineChar: string): number {
  const delimiter = delimiterChar.charCodeAt(0);
  const newline = newlineChar.charCodeAt(0);
  let last = -1;
  let from = 0;
  for (;;) {
    let quote = text.indexOf('"', from);
    while (quote !== -1 && !isFieldStart(text, quote, 0, delimiter, newline)) quote = text.indexOf('"', quote + 1);
    const unquotedEnd = quote === -1 ? text.length : quote;
    const breakAt = text.lastIndexOf(newlineChar, unquotedEnd - 1);
    if (breakAt >= from) last = breakAt + 1;
    if (quote === -1) return last;
    // Inside a quoted field: find the quote that closes it.
    let close = quote;
    for (;;) {
      close = text.indexOf('"', close + 1);
      if (close === -1) return last;
      if (text.charCodeAt(close + 1) === QUOTE) {
        close++;
        continue;
      }
      if (closesField(text, close, delimiter, newline)) break;
    }
    from = close + 1;
  }
}

/** Line breaks inside one value (CRLF, LF or a lone CR). */
export function countBreaks(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && value.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** Line breaks (CRLF, LF or lone CR) in text[start, end). */
export function countBreaksIn(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let at = text.indexOf('\n', start); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) n++;
  for (let at = text.indexOf('\r', start); at !== -1 && at < end; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) n++;
  return n;
}

/**
 * Where physical line `skip + 1` of `text`, counted from `from` (a line start), starts (lines end with
 * CRLF, LF or a lone CR); -1 past the end.
 */
export function lineStart(text: string, skip: number, from = 0): number {
  let at = from;
  // The next LF and CR at or after `at` (-1: none left; -2: not searched yet). Each is searched again
  // only once passed: searching per line would scan to the end of a text without CRs every time,
  // making this quadratic.
  let lf = -2;
  let cr = -2;
  for (let n = 0; n < skip; n++) {
    if (lf !== -1 && lf < at) lf = text.indexOf('\n', at);
    if (cr !== -1 && cr < at) cr = text.indexOf('\r', at);
    if (lf === -1 && cr === -1) return -1;
    if (cr !== -1 && (lf === -1 || cr < lf)) at = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    else at = lf + 1;
  }
  return at;
}
