/**
 * The emulator's data: accounts (each with its profiles, lists, segments, jobs, rate-limit
 * windows and request statistics) and the API keys that resolve to them. Keys of one account
 * share its data and its rate limits, as Klaviyo private keys do.
 */
import { shortId } from './ids';
import { MemberList } from './member-list';
import { ProfileStore } from './profile-store';
import { RateLimiter, type BucketSpec } from './rate-limits';
import type { ImportJob, SubscriptionJob } from './jobs';

export type OptInProcess = 'double_opt_in' | 'single_opt_in';

export interface ListRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
  optInProcess: OptInProcess;
  members: MemberList;
}

export interface SegmentRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
}

export interface BucketStats {
  requests: number;
  throttled: number;
  /** Arrival times (ms, the emulator clock) of accepted requests. */
  accepted: number[];
  limits: { burst: number; steady: number; daily?: number };
}

export class Account {
  readonly profiles = new ProfileStore();
  readonly lists = new Map<string, ListRecord>();
  readonly segments = new Map<string, SegmentRecord>();
  readonly jobs = new Map<string, ImportJob>();
  /** Jobs not yet complete: the only ones a request needs to advance. */
  readonly activeJobs = new Set<ImportJob>();
  readonly subscriptionJobs: SubscriptionJob[] = [];
  readonly limiter = new RateLimiter();
  readonly stats = new Map<string, BucketStats>();
  /** Requests answered by an injected fault (5xx, drop, 429 storm), by kind. */
  readonly faultCounts = new Map<string, number>();

  constructor(
    readonly id: string,
    public name: string,
    readonly created: number,
  ) {}

  bucketStats(bucket: BucketSpec): BucketStats {
    let s = this.stats.get(bucket.name);
    if (!s) {
      // The bucket's own limits: a per-parameter bucket (lists with profile_count) has other ones than its operation's.
      s = { requests: 0, throttled: 0, accepted: [], limits: { burst: bucket.burst, steady: bucket.steady, ...(bucket.daily ? { daily: bucket.daily } : {}) } };
      this.stats.set(bucket.name, s);
    }
    return s;
  }
}

export interface KeyRecord {
  key: string;
  accountId: string;
  /** null: every scope. */
  scopes: Set<string> | null;
  revoked: boolean;
  /** Requests still allowed before the key is revoked (revokeKeyAfter). */
  revokeAfter: number | null;
}

export class Store {
  readonly accounts = new Map<string, Account>();
  readonly keys = new Map<string, KeyRecord>();
  private readonly shortIds = new Set<string>();

  /** A list or segment id unique across the whole emulator. */
  newShortId(): string {
    const id = shortId((candidate) => this.shortIds.has(candidate));
    this.shortIds.add(id);
    return id;
  }

  /** Finds an account by id or by name, creating it when `create` is set. */
  account(ref: { id?: string; name?: string }, now: number, create: boolean): Account | undefined {
    if (ref.id !== undefined) {
      const found = this.accounts.get(ref.id);
      if (found || !create) return found;
      const account = new Account(ref.id, ref.name ?? `Emulated account ${ref.id}`, now);
      this.accounts.set(account.id, account);
      return account;
    }
    if (ref.name !== undefined) {
      for (const account of this.accounts.values()) if (account.name === ref.name) return account;
    }
    if (!create) return undefined;
    const id = shortId((candidate) => this.accounts.has(candidate), true);
    const account = new Account(id, ref.name ?? `Emulated account ${id}`, now);
    this.accounts.set(id, account);
    return account;
  }

  /** An account by id, or the account an API key belongs to. */
  resolveAccount(ref: string): Account | undefined {
    return this.accounts.get(ref) ?? this.accounts.get(this.keys.get(ref)?.accountId ?? '');
  }

  createList(account: Account, name: string, optInProcess: OptInProcess, now: number): ListRecord {
    const list: ListRecord = { id: this.newShortId(), name, created: now, updated: now, optInProcess, members: new MemberList() };
    account.lists.set(list.id, list);
    return list;
  }

  createSegment(account: Account, name: string, now: number): SegmentRecord {
    const segment: SegmentRecord = { id: this.newShortId(), name, created: now, updated: now };
    account.segments.set(segment.id, segment);
    return segment;
  }
}
