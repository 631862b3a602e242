/** Picks what a column becomes: an identifier, a profile field, a custom property (with type) or nothing. */
import { useId } from 'react';
import { PROPERTY_TYPES, type PropertyType, type Target } from '../../../../shared/mapping';
import { choiceToTarget, PROPERTY_TYPE_LABELS, TARGET_GROUPS, targetToChoice } from '../../lib/targets';

interface TargetPickerProps {
  header: string;
  target: Target;
  onChange(target: Target): void;
}

export function TargetPicker({ header, target, onChange }: TargetPickerProps) {
  const id = useId();
  return (
    <div className="target-picker">
      <label htmlFor={`${id}-target`} className="visually-hidden">Maps to, for column “{header}”</label>
      <select id={`${id}-target`} value={targetToChoice(target)} onChange={(e) => onChange(choiceToTarget(e.target.value, header, target))}>
        {TARGET_GROUPS.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </optgroup>
        ))}
      </select>
      {target.kind === 'property' ? (
        <div className="property-fields">
          <label htmlFor={`${id}-name`} className="visually-hidden">Property name for column “{header}”</label>
          <input
            id={`${id}-name`}
            value={target.name}
            maxLength={200}
            placeholder="Property name"
            onChange={(e) => onChange({ ...target, name: e.target.value })}
            onBlur={(e) => {
              if (e.target.value.trim() === '') onChange({ ...target, name: header.trim() || 'column' });
            }}
          />
          <label htmlFor={`${id}-type`} className="visually-hidden">Property type for column “{header}”</label>
          <select id={`${id}-type`} value={target.type} onChange={(e) => onChange({ ...target, type: e.target.value as PropertyType })}>
            {PROPERTY_TYPES.map((t) => <option key={t} value={t}>{PROPERTY_TYPE_LABELS[t]}</option>)}
          </select>
        </div>
      ) : null}
    </div>
  );
}
