/** What the sampled rows would become under this mapping, in one sentence. */
import type { PreviewMappingResult, RejectReason } from '../../../../shared/audience';
import { formatCount, plural } from '../../lib/format';

const REASONS: Record<RejectReason, string> = {
  field_count: 'wrong number of fields',
  no_identifier: 'no email, phone or id',
  invalid_email: 'invalid email',
  invalid_phone: 'invalid phone',
  invalid_value: 'value of the wrong type',
  too_large: 'profile too large',
  conflict: 'conflicting identifiers',
};

export function SampleCounts({ preview }: { preview: PreviewMappingResult }) {
  const c = preview.sampleCounts;
  const reasons = Object.entries(c.rejectedBy)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${formatCount(n ?? 0)} ${REASONS[reason as RejectReason] ?? reason}`);
  return (
    <p className="sample-counts">
      In the first {plural(preview.sampleSize, 'row')}: <strong>{formatCount(c.accepted)} usable</strong>
      {c.rejected > 0 ? <>, <strong className="text-danger">{formatCount(c.rejected)} rejected</strong>{reasons.length ? ` (${reasons.join(', ')})` : ''}</> : null}
      {c.duplicates > 0 ? `, ${plural(c.duplicates, 'duplicate')}` : ''}
      {c.blank > 0 ? `, ${plural(c.blank, 'blank line')}` : ''}.
    </p>
  );
}
