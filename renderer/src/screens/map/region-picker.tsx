/** The country used to read phone numbers written without a +country code. */
import { useMemo } from 'react';
import { regionOptions } from '../../lib/regions';

export function RegionPicker({ value, onChange, id }: { value: string; onChange(code: string): void; id: string }) {
  const options = useMemo(() => regionOptions(), []);
  const known = options.some((o) => o.code === value);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {known ? null : <option value={value}>{value}</option>}
      {options.map((o) => <option key={o.code} value={o.code}>{o.name} ({o.code})</option>)}
    </select>
  );
}
