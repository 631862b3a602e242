/**
 * `Authorization: Klaviyo-API-Key <key>` → the key's record, or Klaviyo's 401. Scopes follow
 * Klaviyo's key settings, where "Full Access" to a category includes "Read Access": a key with
 * `lists:write` satisfies `lists:read`.
 */
import { notAuthenticated, permissionDenied } from './errors';
import type { SpecOperation } from './spec';
import type { KeyRecord, Store } from './store';

const SCHEME = /^Klaviyo-API-Key\s+(\S+)\s*$/i;

/** The key named by the header, without side effects (for statistics and fault accounting). */
export function peekKey(store: Store, header: string | undefined): KeyRecord | undefined {
  const m = header ? SCHEME.exec(header) : null;
  return m?.[1] ? store.keys.get(m[1]) : undefined;
}

/** Authenticates one request, counting it against a `revokeKeyAfter` budget. */
export function authenticate(store: Store, header: string | undefined): KeyRecord {
  const record = peekKey(store, header);
  if (!record || record.revoked) throw notAuthenticated();
  if (record.revokeAfter !== null) {
    if (record.revokeAfter <= 0) {
      record.revoked = true;
      throw notAuthenticated();
    }
    record.revokeAfter -= 1;
  }
  return record;
}

function grants(scopes: Set<string>, needed: string): boolean {
  if (scopes.has(needed)) return true;
  const [category, access] = needed.split(':');
  return access === 'read' && scopes.has(`${category}:write`);
}

/** Throws Klaviyo's 403 naming the scopes the key lacks for the operation. */
export function checkScopes(record: KeyRecord, op: SpecOperation): void {
  if (record.scopes === null) return;
  const scopes = record.scopes;
  const missing = op.scopes.filter((s) => !grants(scopes, s));
  if (missing.length > 0) throw permissionDenied(missing);
}
