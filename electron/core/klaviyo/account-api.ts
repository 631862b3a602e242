/** The account behind a key, and which of the scopes a sync needs the key has. */
import { AppError } from '../../../shared/errors';
import { REQUIRED_SCOPES } from '../../../shared/credentials';
import type { CallOptions } from './lists-api';
import { OPERATIONS, type OperationSpec } from './operations';
import { fromWireAccount } from './serialize';
import type { Transport } from './transport';
import type { KeyCheck, KlaviyoAccount } from './types';
import { AccountsSchema } from './wire-schemas';

/** An id no list has: the write probe must never touch a real one. */
const PROBE_LIST_ID = 'scope-probe-0000000000';

/**
 * Requests that change nothing and tell a scope's presence by the status: Klaviyo checks the key, then
 * the scope (403), then the request (400/404). Reads are cheap GETs; writes are deliberately invalid.
 * Renaming a list that does not exist (not creating one) probes lists:write, so the daily cap on list
 * creation is never touched.
 */
const PROBES: Record<Exclude<(typeof REQUIRED_SCOPES)[number], 'accounts:read'>, { op: OperationSpec; path?: Record<string, string>; query?: Record<string, string | number>; body?: unknown }> = {
  'lists:read': { op: OPERATIONS.getLists, query: { 'fields[list]': 'name', 'page[size]': 1 } },
  'profiles:read': { op: OPERATIONS.getProfiles, query: { 'fields[profile]': 'email', 'page[size]': 1 } },
  'lists:write': { op: OPERATIONS.updateList, path: { id: PROBE_LIST_ID }, body: {} },
  'profiles:write': { op: OPERATIONS.upsertProfile, body: {} },
};

export function createAccountApi(transport: Transport) {
  async function getAccount(options: CallOptions = {}): Promise<KlaviyoAccount> {
    return fromWireAccount(await transport.json({ op: OPERATIONS.getAccounts, schema: AccountsSchema, signal: options.signal }));
  }

  /**
   * The account and the required scopes the key lacks. INVALID_CREDENTIALS when Klaviyo refuses the key
   * outright. Makes five requests and changes nothing.
   */
  async function checkKey(options: CallOptions = {}): Promise<KeyCheck> {
    const missing = new Set<string>();
    let account: KlaviyoAccount | null = null;
    try {
      account = await getAccount(options);
    } catch (error) {
      if (!AppError.is(error, 'MISSING_SCOPE')) throw error;
      missing.add('accounts:read');
    }
    const results = await Promise.all(Object.entries(PROBES).map(async ([scope, probe]) => {
      const reply = await transport.request({ ...probe, passStatuses: [400, 403, 404, 409, 415, 422], signal: options.signal });
      return { scope, status: reply.status };
    }));
    for (const { scope, status } of results) if (status === 403) missing.add(scope);
    return {
      accountId: account?.id ?? null,
      accountName: account?.name ?? null,
      missingScopes: REQUIRED_SCOPES.filter((s) => missing.has(s)),
    };
  }

  return { getAccount, checkKey };
}
