/** Plain-text tables and the small formats the command line prints (pure, so every output is testable). */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis. */
  max?: number;
}

/** Terminal columns a string takes: combining marks take none (é written as e + ◌́ is one column). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.normalize('NFC')) {
    if (/\p{Mn}/u.test(char)) continue;
    width += 1;
  }
  return width;
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || displayWidth(text) <= max) return text;
  return `${[...text.normalize('NFC')].slice(0, Math.max(1, max - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** A table with a header row and a rule under it; cells never contain line breaks. */
export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = rows.map((row) => columns.map((column, i) => cut((row[i] ?? '').replace(/[\r\n\t]+/g, ' '), column.max)));
  const widths = columns.map((column, i) => Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (values: readonly string[]) =>
    columns.map((column, i) => pad(values[i] ?? '', widths[i] ?? 0, column.align ?? 'left')).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** An instant as local "YYYY-MM-DD HH:MM" (TZ decides, like every command-line tool). */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The first characters of a run id: enough to tell runs apart, short enough to type. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
