/**
 * The read-only inspection document (`GET /__emulator/state`, `control.state()`): every account
 * with its lists and their members' identifiers, so a test can check the end state without going
 * through the app. API keys never appear in it.
 */
import type { Account, Store } from './store';
import type { StateAccount, StateDocument } from './types';

function accountState(account: Account, members: boolean): StateAccount {
  return {
    id: account.id,
    name: account.name,
    profile_count: account.profiles.size,
    segment_count: account.segments.size,
    lists: [...account.lists.values()].map((list) => ({
      id: list.id,
      name: list.name,
      opt_in_process: list.optInProcess,
      profile_count: list.members.size,
      members: members
        ? list.members.ids().flatMap((id) => {
          const p = account.profiles.get(id);
          return p ? [{ id: p.id, email: p.email, phone_number: p.phone_number, external_id: p.external_id }] : [];
        })
        : [],
    })),
    jobs: [...account.jobs.values()].map((job) => ({
      id: job.id,
      status: job.status,
      total_count: job.total,
      completed_count: job.succeeded,
      failed_count: job.failed,
    })),
  };
}

/** `account` may be an account id or an API key; `members: false` leaves member arrays empty. */
export function buildState(store: Store, filter: { account?: string; members?: boolean } = {}): StateDocument {
  const members = filter.members ?? true;
  if (filter.account !== undefined) {
    const account = store.resolveAccount(filter.account);
    return { accounts: account ? [accountState(account, members)] : [] };
  }
  return { accounts: [...store.accounts.values()].map((a) => accountState(a, members)) };
}
