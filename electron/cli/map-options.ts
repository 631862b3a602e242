/**
 * `--map "<column>=<target>"` on top of the suggested mapping (pure). A column is named by its header
 * (exactly, else ignoring case) or its 1-based number; a target is written as shared/mapping.ts's
 * parseTarget reads it (Email, PhoneNumber, ExternalID, PhoneCountry, first_name, city, …,
 * property:<name>[:number|boolean|date], ignore).
 */
import { formatTarget, parseTarget, type ColumnMapping, type Mapping } from '../../shared/mapping';
import { usageError } from './command-context';

export function applyMapOptions(suggested: Mapping, headers: readonly string[], maps: readonly string[], region?: string): Mapping {
  const columns = new Map<number, ColumnMapping>(suggested.columns.map((c) => [c.index, c]));
  for (const option of maps) {
    const at = option.lastIndexOf('=');
    if (at <= 0) throw usageError(`--map "${option}" is not "<column>=<target>", e.g. --map "E-mail=Email".`);
    const column = option.slice(0, at).trim();
    const targetText = option.slice(at + 1).trim();
    const index = columnIndex(headers, column);
    if (index === null) {
      throw usageError(`--map "${option}": the file has no column "${column}". Its columns are ${headers.map((h, i) => `${i + 1}. "${h}"`).join(', ')}.`);
    }
    const target = parseTarget(targetText);
    if (!target) {
      throw usageError(`--map "${option}": "${targetText}" is not a target. Use Email, PhoneNumber, ExternalID, PhoneCountry, a profile field `
        + '(first_name, last_name, organization, title, locale, image, address1, address2, city, region, country, zip, timezone, latitude, longitude), '
        + 'property:<name>[:number|boolean|date], or ignore.');
    }
    columns.set(index, { index, header: headers[index] ?? column, target });
  }
  return {
    defaultRegion: region ?? suggested.defaultRegion,
    columns: [...columns.values()].sort((a, b) => a.index - b.index),
  };
}

function columnIndex(headers: readonly string[], column: string): number | null {
  const exact = headers.indexOf(column);
  if (exact >= 0) return exact;
  const folded = headers.findIndex((h) => h.toLowerCase() === column.toLowerCase());
  if (folded >= 0) return folded;
  if (/^\d+$/.test(column)) {
    const n = Number(column);
    if (n >= 1 && n <= headers.length) return n - 1;
  }
  return null;
}

/** One line naming what each used column becomes, shown before a plan or an export. */
export function describeMapping(mapping: Mapping): string {
  const used = mapping.columns.filter((c) => c.target.kind !== 'ignore').map((c) => `${c.header} → ${formatTarget(c.target)}`);
  return `Columns: ${used.join(', ')} (phones without a country code read as ${mapping.defaultRegion}).`;
}
