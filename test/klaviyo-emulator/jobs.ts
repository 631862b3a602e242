/**
 * Asynchronous jobs: bulk profile imports (`queued → processing → complete`) and bulk subscribes.
 * There is no timer: a job's progress is a pure function of the clock, applied lazily whenever
 * anyone looks at the account (any request, `state()`, `stats()`). So jobs "run" at `jobSpeed`
 * profiles per second after a queue delay, tests stay deterministic with an injected clock, and
 * closing the emulator leaves nothing behind.
 */
import { upsertProfile, type UpsertAttributes } from './identity';
import { uuid } from './ids';
import type { Account } from './store';

export interface ImportItem {
  index: number;
  id: string | null;
  attributes: UpsertAttributes;
  original: Record<string, unknown>;
}

export interface ImportErrorRecord {
  id: string;
  code: string;
  title: string;
  detail: string;
  pointer: string;
  original: Record<string, unknown>;
}

export interface ImportJob {
  id: string;
  status: 'queued' | 'processing' | 'complete' | 'cancelled';
  created: number;
  startAfter: number;
  started: number | null;
  completed: number | null;
  expires: number;
  items: ImportItem[];
  total: number;
  listIds: string[];
  processed: number;
  succeeded: number;
  failed: number;
  /** Fractional profiles of progress carried between advances. */
  carry: number;
  lastAdvance: number;
  errors: ImportErrorRecord[];
  /** Profiles created or updated by the job, in processing order. */
  profileIds: Set<string>;
}

export interface SubscriptionItem {
  id: string | null;
  email: string | null;
  phone_number: string | null;
  channels: Array<'email' | 'sms'>;
}

export interface SubscriptionJob {
  startAfter: number;
  done: boolean;
  listId: string | null;
  historicalImport: boolean;
  items: SubscriptionItem[];
}

export interface JobClock {
  now: number;
  jobSpeed: number;
}

/** How long a job stays available after it completes (Klaviyo's `expires_at`; its value is not documented). */
export const JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

function processItem(account: Account, job: ImportJob, item: ImportItem, at: number): void {
  const result = upsertProfile(account.profiles, { id: item.id, attributes: item.attributes }, at, false);
  if (result.kind === 'update') {
    job.profileIds.add(result.profile.id);
    for (const listId of job.listIds) account.lists.get(listId)?.members.add(result.profile.id, at);
    job.succeeded += 1;
    return;
  }
  job.failed += 1;
  const pointer = `/data/attributes/profiles/data/${item.index}`;
  if (result.kind === 'conflict') {
    job.errors.push({
      id: uuid(), code: 'duplicate_profile', title: 'Conflict.',
      detail: `A profile already exists with one of these identifiers (duplicate_profile_id ${result.duplicateId}).`,
      pointer: `${pointer}/attributes`, original: item.original,
    });
  } else if (result.kind === 'unknown-id') {
    job.errors.push({
      id: uuid(), code: 'not_found', title: 'Not found.',
      detail: `A profile with id ${result.id} does not exist.`,
      pointer: `${pointer}/id`, original: item.original,
    });
  }
}

function advanceImport(account: Account, job: ImportJob, clock: JobClock): void {
  if (job.status === 'complete' || job.status === 'cancelled') return;
  if (job.status === 'queued') {
    if (clock.now < job.startAfter) return;
    job.status = 'processing';
    job.started = job.startAfter;
    job.lastAdvance = job.startAfter;
  }
  const budget = job.carry + ((clock.now - job.lastAdvance) / 1000) * clock.jobSpeed;
  const remaining = job.items.length - job.processed;
  const count = Math.min(remaining, Math.floor(budget));
  const msPerItem = clock.jobSpeed > 0 ? 1000 / clock.jobSpeed : 0;
  for (let i = 0; i < count; i += 1) {
    const item = job.items[job.processed];
    if (!item) break;
    // Each profile is stamped with the moment it would have been processed.
    const at = Math.min(clock.now, job.lastAdvance + (i + 1 - job.carry) * msPerItem);
    processItem(account, job, item, Math.round(at));
    job.processed += 1;
  }
  if (job.processed >= job.items.length) {
    job.status = 'complete';
    job.completed = Math.min(clock.now, Math.round(job.lastAdvance + Math.max(0, count - job.carry) * msPerItem));
    job.expires = job.completed + JOB_RETENTION_MS;
    job.carry = 0;
    job.items = [];
  } else {
    job.carry = budget - count;
  }
  job.lastAdvance = clock.now;
}

function advanceSubscription(account: Account, job: SubscriptionJob, now: number): void {
  if (job.done || now < job.startAfter) return;
  job.done = true;
  const list = job.listId ? account.lists.get(job.listId) : undefined;
  // A double opt-in list only gains the profile once the person confirms, which never happens
  // here; historical imports bypass double opt-in (spec, bulk_subscribe_profiles).
  const addToList = list !== undefined && (list.optInProcess === 'single_opt_in' || job.historicalImport);
  for (const item of job.items) {
    const attributes: UpsertAttributes = {};
    if (item.email !== null) attributes.email = item.email;
    if (item.phone_number !== null) attributes.phone_number = item.phone_number;
    const result = upsertProfile(account.profiles, { id: item.id, attributes }, job.startAfter, false);
    if (result.kind !== 'update') continue;
    for (const channel of item.channels) {
      result.profile.consent[channel] = { consent: 'SUBSCRIBED', at: job.startAfter, listId: job.listId };
    }
    if (addToList && list) list.members.add(result.profile.id, job.startAfter);
  }
}

/** Brings every job of the account up to `clock.now`. */
export function advanceJobs(account: Account, clock: JobClock): void {
  for (const job of account.activeJobs) {
    advanceImport(account, job, clock);
    if (job.status === 'complete' || job.status === 'cancelled') account.activeJobs.delete(job);
  }
  for (const job of account.subscriptionJobs) advanceSubscription(account, job, clock.now);
  if (account.subscriptionJobs.length > 0 && account.subscriptionJobs.every((j) => j.done)) {
    account.subscriptionJobs.length = 0;
  }
}
