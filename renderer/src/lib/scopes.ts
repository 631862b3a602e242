/** What each Klaviyo key scope lets this app do, so a missing scope is named with what it blocks. */
const SCOPE_PURPOSE: Record<string, string> = {
  'accounts:read': 'read the account’s name, to show which Klaviyo account a key belongs to',
  'lists:read': 'find your lists and read who is on them',
  'lists:write': 'create lists and add or remove list members',
  'profiles:read': 'read list members’ profiles when planning a sync',
  'profiles:write': 'create and update profiles from your file',
};

export interface ScopeExplanation {
  scope: string;
  blocks: string;
}

/** Each missing scope with a plain sentence saying what the app cannot do without it. */
export function explainScopes(scopes: readonly string[]): ScopeExplanation[] {
  return scopes.map((scope) => ({
    scope,
    blocks: `Without it the app cannot ${SCOPE_PURPOSE[scope] ?? 'do part of a sync'}.`,
  }));
}
