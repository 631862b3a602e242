/** Decisions about Klaviyo lists on the List step: the 1,000 cap and the mode wording. */
import type { ListsOverview } from '../../../shared/api';
import type { ProfileContent, SyncMode } from '../../../shared/sync';

export interface CapStatus {
  used: number;
  cap: number;
  left: number;
  level: 'ok' | 'near' | 'full';
  text: string;
}

/** Lists and segments together count against Klaviyo's account cap. "Near" is the last 5%. */
export function capStatus(overview: Pick<ListsOverview, 'listCount' | 'segmentCount' | 'cap'>): CapStatus {
  const used = overview.listCount + overview.segmentCount;
  const cap = overview.cap;
  const left = Math.max(0, cap - used);
  const level = left === 0 ? 'full' : left <= Math.max(1, Math.ceil(cap * 0.05)) ? 'near' : 'ok';
  const fmt = new Intl.NumberFormat('en-US');
  const base = `${fmt.format(used)} of ${fmt.format(cap)} lists and segments used`;
  const text = level === 'full'
    ? `${base}: Klaviyo will not create another list until some are deleted.`
    : level === 'near' ? `${base}: room for ${fmt.format(left)} more.` : `${base}.`;
  return { used, cap, left, level, text };
}

export const MODE_TEXT: Record<SyncMode, { title: string; body: string }> = {
  add: {
    title: 'Add',
    body: 'Adds the people in the file to the list and updates them. Nobody is removed from the list.',
  },
  mirror: {
    title: 'Mirror',
    body: 'Makes the list match the file: people on the list who are not in the file are removed from the list. Their profiles stay in Klaviyo.',
  },
};

export const CONTENT_TEXT: Record<ProfileContent, { title: string; body: string }> = {
  identifiers: {
    title: 'Identifiers only',
    body: 'Sends only Email, PhoneNumber and ExternalID. Existing profile details in Klaviyo are left as they are.',
  },
  full: {
    title: 'Full profile',
    body: 'Also writes the mapped profile fields and custom properties to each profile.',
  },
};

/** Whether a typed new-list name matches an existing list (Klaviyo allows duplicates; people rarely mean one). */
export function sameListName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
}

/** What the person picked on the List step. */
export type ListChoice =
  | { kind: 'existing'; id: string; name: string }
  | { kind: 'new'; name: string };

/** Why the choice cannot be used yet, or null. */
export function listChoiceProblem(choice: ListChoice | null, cap: CapStatus | null): string | null {
  if (!choice) return 'Choose a list, or name a new one.';
  if (choice.kind === 'new') {
    if (choice.name.trim() === '') return 'Give the new list a name.';
    if (choice.name.trim().length > 200) return 'List names can be at most 200 characters.';
    if (cap?.level === 'full') return 'The account has reached Klaviyo’s limit of lists and segments: choose an existing list, or delete unused ones in Klaviyo first.';
  }
  return null;
}
