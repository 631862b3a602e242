/** Decisions on the Review step: is the plan still the one the inputs describe, may it start. */
import type { Mapping } from '../../../shared/mapping';
import type { ListTarget, Plan, ProfileContent, SyncMode } from '../../../shared/sync';

export interface PlanInputs {
  credentialId: string;
  path: string;
  mapping: Mapping;
  list: ListTarget;
  mode: SyncMode;
  content: ProfileContent;
}

/**
 * A stable key for the inputs a plan was made from. Going back and changing anything makes the old
 * plan stale; going back and changing nothing keeps it (planning can read a whole list: not free).
 */
export function planKey(inputs: PlanInputs): string {
  return JSON.stringify([inputs.credentialId, inputs.path, inputs.mapping, inputs.list, inputs.mode, inputs.content]);
}

export interface MassRemovalConfirmation {
  typedName: string;
  ticked: boolean;
}

/**
 * When a mirror plan removes most of a list, starting needs a deliberate act: typing the list's name
 * (case and surrounding spaces ignored) or ticking the explicit checkbox.
 */
export function massRemovalConfirmed(plan: Pick<Plan, 'massRemoval' | 'list'>, confirmation: MassRemovalConfirmation): boolean {
  if (!plan.massRemoval.confirmationRequired) return true;
  if (confirmation.ticked) return true;
  const typed = confirmation.typedName.trim().toLocaleLowerCase('en');
  return typed !== '' && typed === plan.list.name.trim().toLocaleLowerCase('en');
}

/** Whether the plan changes anything in Klaviyo at all. */
export function planHasWork(plan: Pick<Plan, 'counts'>): boolean {
  return plan.counts.add + plan.counts.update + plan.counts.remove > 0;
}
