/** What the app found out about a file: size, encoding, delimiter, rows, fixed headers, warnings. */
import type { Delimiter, InspectResult } from '../../../../shared/audience';
import { Notice } from '../../components/ui/notice';
import { formatBytes, formatCount, formatDateTime } from '../../lib/format';

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab', '|': 'Pipe' };
const ENCODING_NAMES: Record<InspectResult['encoding'], string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (with BOM)', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

export function FileSummary({ inspect }: { inspect: InspectResult }) {
  const rows = inspect.rowCountExact ? `${formatCount(inspect.rowEstimate)} rows` : `about ${formatCount(inspect.rowEstimate)} rows`;
  return (
    <div className="file-summary">
      <div className="file-title">
        <h2>{inspect.file.name}</h2>
        <p className="muted">{formatBytes(inspect.file.sizeBytes)} · changed {formatDateTime(new Date(inspect.file.modifiedMs).toISOString())}</p>
      </div>
      <ul className="chips" aria-label="What the file looks like">
        <li className="chip">{ENCODING_NAMES[inspect.encoding]}</li>
        <li className="chip">{DELIMITER_NAMES[inspect.delimiter]} separated</li>
        <li className="chip">{rows}</li>
        <li className="chip">{formatCount(inspect.headers.length)} columns</li>
      </ul>
      {inspect.encodingNote ? <Notice tone="info"><p>{inspect.encodingNote}</p></Notice> : null}
      {inspect.headerFixes.length > 0 ? (
        <Notice tone="info" title="Some column headers were fixed">
          <ul>
            {inspect.headerFixes.map((fix) => (
              <li key={fix.index}>
                Column {fix.index + 1}: {fix.reason === 'blank' ? 'had no header' : `“${fix.original}” appears more than once`}; it is called “{fix.name}” here.
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {inspect.warnings.length > 0 ? (
        <Notice tone="warning" title="Worth a look">
          <ul>{inspect.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </Notice>
      ) : null}
    </div>
  );
}
