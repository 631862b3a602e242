/** A mirror sync that empties most of a list needs a deliberate yes. */
import { useId } from 'react';
import type { Plan } from '../../../../shared/sync';
import { formatCount, formatPercent } from '../../lib/format';
import type { MassRemovalConfirmation } from '../../lib/plan';

interface MassRemovalConfirmProps {
  plan: Plan;
  confirmation: MassRemovalConfirmation;
  onChange(patch: Partial<MassRemovalConfirmation>): void;
}

export function MassRemovalConfirm({ plan, confirmation, onChange }: MassRemovalConfirmProps) {
  const id = useId();
  return (
    <section className="notice notice-danger mass-removal" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="notice-title">
        This sync removes {formatCount(plan.counts.remove)} people ({formatPercent(plan.massRemoval.removeShare)}) from “{plan.list.name}”
      </p>
      <p>
        Mirror mode removes everyone on the list who is not in the file. If the file is incomplete (an export cut short, the
        wrong file), this empties your list. Their profiles stay in Klaviyo, but they leave this list.
      </p>
      <div className="field">
        <label htmlFor={`${id}-name`}>Type the list name to confirm</label>
        <input
          id={`${id}-name`}
          value={confirmation.typedName}
          onChange={(e) => onChange({ typedName: e.target.value })}
          autoComplete="off"
          placeholder={plan.list.name}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={confirmation.ticked} onChange={(e) => onChange({ ticked: e.target.checked })} />
        <span>I understand that {formatCount(plan.counts.remove)} people will be removed from “{plan.list.name}”.</span>
      </label>
    </section>
  );
}
