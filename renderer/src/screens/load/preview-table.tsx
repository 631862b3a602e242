/** The file's first rows, as read: a quick check that the columns were split right. */
import { formatCount } from '../../lib/format';

export function PreviewTable({ headers, rows }: { headers: string[]; rows: string[][] }) {
  return (
    <div className="table-scroll preview-scroll" tabIndex={0} role="region" aria-label="File preview">
      <table className="data-table preview-table">
        <caption className="visually-hidden">First {formatCount(rows.length)} rows of the file</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Line</th>
            {headers.map((h, i) => <th scope="col" key={i}>{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="num muted">{r + 2}</td>
              {headers.map((_, c) => <td key={c}>{row[c] ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
