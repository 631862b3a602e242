/** What `inspect` and `export` print for a person (pure, so every output is testable). */
import type { ExportResult, InspectResult } from '../../shared/audience';
import { formatTarget } from '../../shared/mapping';
import { formatCount, renderTable } from './text-table';

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (with BOM)', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1252': 'Windows-1252',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function renderInspect(result: InspectResult): string {
  const rows = `${result.rowCountExact ? '' : 'about '}${formatCount(result.rowEstimate)} row${result.rowEstimate === 1 ? '' : 's'}`;
  const lines = [
    `${result.file.name}: ${formatBytes(result.file.sizeBytes)}, ${ENCODINGS[result.encoding]}, ${DELIMITERS[result.delimiter]}-separated, ${rows}`,
    '',
    renderTable(
      [{ header: '#', align: 'right' }, { header: 'Column', max: 28 }, { header: 'Filled', align: 'right' }, { header: 'Suggested', max: 28 },
        { header: 'Sample', max: 28 }, { header: 'Why', max: 70 }],
      result.columns.map((c) => [String(c.index + 1), c.header, percent(c.fillRate), formatTarget(c.suggestion.target), c.samples[0] ?? '', c.suggestion.reason]),
    ),
  ];
  if (result.warnings.length > 0) lines.push('', 'Warnings:', ...result.warnings.map((w) => `  • ${w}`));
  lines.push('', `Export with: klaviyo-sync export "${result.file.path}" --out <folder> [--map "<column>=<target>" …]`);
  return lines.join('\n');
}

const REASONS: Record<string, string> = {
  field_count: 'wrong number of fields', no_identifier: 'no email, phone or external id', invalid_email: 'invalid email',
  invalid_phone: 'invalid phone', invalid_value: 'value of the wrong type', too_large: 'over 100 KB', conflict: 'conflicting identifiers',
};

export function renderExport(result: ExportResult): string {
  const c = result.counts;
  const lines = [
    `Read ${formatCount(c.records)} row${c.records === 1 ? '' : 's'} in ${(result.durationMs / 1000).toFixed(1)} s:`,
    `  ${formatCount(c.accepted)} people to import`,
    `  ${formatCount(c.duplicates)} duplicate${c.duplicates === 1 ? '' : 's'} (merged into the first row of the same person)`,
    `  ${formatCount(c.rejected)} rejected${c.rejected > 0 ? ':' : ''}`,
    ...Object.entries(c.rejectedBy).map(([reason, n]) => `      ${formatCount(n)} ${REASONS[reason] ?? reason}`),
    `  ${formatCount(c.blank)} blank`,
    '',
    `SFTP-ready audience: ${result.files.audience}`,
    `Rejected rows:       ${result.files.rejects}`,
    `Summary:             ${result.files.summary}`,
  ];
  return lines.join('\n');
}
