/** One column of the file: what is in it, what the app suggests, what it becomes, and how well that works. */
import type { ColumnInsight, ColumnPreview, HeaderFix } from '../../../../shared/audience';
import type { Target } from '../../../../shared/mapping';
import { formatPercent } from '../../lib/format';
import { confidenceLabel, describeTarget, sameTarget } from '../../lib/targets';
import { TargetPicker } from './target-picker';

interface MappingRowProps {
  column: ColumnInsight;
  fix: HeaderFix | undefined;
  target: Target;
  preview: ColumnPreview | undefined;
  /** The preview is for an older mapping of this column. */
  stale: boolean;
  onChange(target: Target): void;
}

function validityTone(validity: number): string {
  if (validity >= 0.95) return 'good';
  if (validity >= 0.7) return 'fair';
  return 'poor';
}

export function MappingRow({ column, fix, target, preview, stale, onChange }: MappingRowProps) {
  const suggestion = column.suggestion;
  const changed = !sameTarget(suggestion.target, target);
  const ignored = target.kind === 'ignore';
  return (
    <tr className={ignored ? 'row-ignored' : undefined}>
      <th scope="row" className="col-column">
        <span className="column-name">{column.header}</span>
        {fix ? <span className="muted small"> ({fix.reason === 'blank' ? 'no header in the file' : `duplicate of “${fix.original}”`})</span> : null}
        <ul className="samples" aria-label={`Sample values of ${column.header}`}>
          {column.samples.length === 0 ? <li className="muted">(empty in the sample)</li> : column.samples.map((s, i) => <li key={i}>{s}</li>)}
        </ul>
        <span className="small muted">{formatPercent(column.fillRate)} filled</span>
      </th>
      <td className="col-suggestion">
        <span className="suggested-target">{describeTarget(suggestion.target)}</span>
        <span className={`badge confidence-${confidenceLabel(suggestion.confidence).toLowerCase()}`}>
          {confidenceLabel(suggestion.confidence)} · {formatPercent(suggestion.confidence)}
        </span>
        <span className="small muted reason">{suggestion.reason}</span>
      </td>
      <td className="col-target">
        <TargetPicker header={column.header} target={target} onChange={onChange} />
        {changed ? (
          <button type="button" className="link-button small" onClick={() => onChange(suggestion.target)}>
            Use suggestion
          </button>
        ) : null}
      </td>
      <td className={`col-check${stale ? ' is-stale' : ''}`}>
        {ignored ? <span className="muted">Not sent</span> : preview ? (
          <>
            <span className={`validity validity-${validityTone(preview.validity)}`}>{formatPercent(preview.validity)} valid</span>
            <ul className="before-after" aria-label={`Before and after, ${column.header}`}>
              {preview.samples.slice(0, 3).map((s, i) => (
                <li key={i}>
                  <span className="before">{s.before || '(empty)'}</span>
                  <span aria-hidden="true"> → </span>
                  <span className="visually-hidden"> becomes </span>
                  {s.after !== null ? <span className="after">{s.after}</span> : <span className="problem">{s.problem ?? 'not usable'}</span>}
                </li>
              ))}
            </ul>
          </>
        ) : <span className="skeleton-line inline" aria-label="Checking" />}
      </td>
    </tr>
  );
}
