/** RFC 4180 output: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export const CRLF = '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * For files people open in a spreadsheet (the rejects report): a cell starting with = + - @ tab or
 * CR would run as a formula, so it gets a leading apostrophe (OWASP's CSV-injection advice).
 */
export function spreadsheetCell(value: string): string {
  return csvCell(FORMULA_START.test(value) ? `'${value}` : value);
}

export function csvLine(cells: readonly string[], cell: (value: string) => string = csvCell): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + cell(cells[i]!);
  return line + CRLF;
}
