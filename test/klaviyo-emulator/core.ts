/**
 * The emulator minus HTTP: configuration, the store, faults, and the control surface tests use
 * (keys, seeding, faults, clock knobs, statistics, state).
 */
import type { EmulatorConfig } from './context';
import { Faults } from './faults';
import { advanceJobs } from './jobs';
import { seed } from './seed';
import { loadSpec, type LoadedSpec } from './spec';
import { buildState } from './state';
import type { Account} from './store';
import { Store } from './store';
import type { BucketStatsView, EmulatorControl, EmulatorOptions, StatsView } from './types';

function positiveNumber(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${what} must be a positive number, got ${value}`);
  return value;
}

function accountRef(ref: string | { id?: string; name?: string } | undefined): { id?: string; name?: string } {
  if (ref === undefined) return {};
  return typeof ref === 'string' ? { id: ref } : ref;
}

/** How often running jobs are advanced in the background (real milliseconds). */
const JOB_TICK_MS = 25;

export class EmulatorCore {
  readonly config: EmulatorConfig;
  readonly store = new Store();
  readonly faults = new Faults();
  readonly spec: LoadedSpec = loadSpec();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  /**
   * Klaviyo processes bulk jobs on its own servers: a request never waits for another job's profiles.
   * Progress stays a pure function of the clock (applied lazily as well), but this ticker applies it
   * in small steps in the background, so a 10,000-profile job does not land inside an unrelated request.
   */
  private readonly jobTicker: NodeJS.Timeout;
  closed = false;

  constructor(options: EmulatorOptions) {
    this.config = {
      timeScale: positiveNumber(options.timeScale ?? 1, 'timeScale'),
      jobSpeed: positiveNumber(options.jobSpeed ?? 2000, 'jobSpeed'),
      queueDelayMs: options.queueDelayMs ?? 500,
      latencyMs: options.latencyMs ?? 0,
      strict: options.strict ?? true,
      linkBase: (options.linkBase ?? 'https://a.klaviyo.com').replace(/\/+$/, ''),
      now: options.now ?? Date.now,
    };
    for (const key of options.apiKeys ?? []) {
      this.addKey(key.key, { account: key.account ?? {}, ...(key.scopes ? { scopes: key.scopes } : {}) });
    }
    this.jobTicker = setInterval(() => {
      for (const account of this.store.accounts.values()) if (account.activeJobs.size > 0) this.advance(account);
    }, JOB_TICK_MS);
    this.jobTicker.unref();
  }

  now(): number {
    return this.config.now();
  }

  /** Brings the account's jobs up to now. */
  advance(account: Account): void {
    advanceJobs(account, { now: this.now(), jobSpeed: this.config.jobSpeed });
  }

  advanceAll(): void {
    for (const account of this.store.accounts.values()) this.advance(account);
  }

  /** Waits `ms` unless the emulator closes first. */
  delay(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  shutdown(): void {
    this.closed = true;
    clearInterval(this.jobTicker);
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  addKey(key: string, options: { account: string | { id?: string; name?: string }; scopes?: string[] }): void {
    if (!/^\S+$/.test(key)) throw new Error('an API key cannot be empty or contain spaces');
    const ref = accountRef(options.account);
    // Without an account, each key is its own account.
    const account = this.store.account(ref.id === undefined && ref.name === undefined ? {} : ref, this.now(), true);
    if (!account) throw new Error('could not create the account');
    this.store.keys.set(key, {
      key,
      accountId: account.id,
      scopes: options.scopes ? new Set(options.scopes) : null,
      revoked: false,
      revokeAfter: null,
    });
  }

  private key(key: string) {
    const record = this.store.keys.get(key);
    if (!record) throw new Error('unknown API key');
    return record;
  }

  stats(): StatsView {
    const accounts: StatsView['accounts'] = {};
    for (const account of this.store.accounts.values()) {
      const buckets: Record<string, BucketStatsView> = {};
      for (const [name, s] of account.stats) {
        buckets[name] = { requests: s.requests, throttled: s.throttled, accepted: [...s.accepted], limits: { ...s.limits } };
      }
      accounts[account.id] = { buckets, faults: Object.fromEntries(account.faultCounts) };
    }
    return { timeScale: this.config.timeScale, accounts };
  }

  control(): EmulatorControl {
    return {
      seed: (input) => seed(this.store, input, this.now()),
      addKey: (key, options) => this.addKey(key, options),
      revokeKey: (key) => { this.key(key).revoked = true; },
      revokeKeyAfter: (key, requests) => {
        if (!Number.isInteger(requests) || requests < 0) throw new Error('revokeKeyAfter needs a non-negative integer');
        this.key(key).revokeAfter = requests;
      },
      failNext: (n, status, options) => this.faults.failNext(n, status, options),
      dropNext: (n, options) => this.faults.dropNext(n, options),
      throttleStorm: (durationMs, options) => this.faults.throttleStorm(durationMs, this.now(), options),
      slowNext: (n, ms, options) => this.faults.slowNext(n, ms, options),
      clearFaults: () => this.faults.clear(),
      setTimeScale: (n) => { this.config.timeScale = positiveNumber(n, 'timeScale'); },
      setJobSpeed: (n) => {
        // Jobs progress at the old speed up to now, then at the new one.
        this.advanceAll();
        this.config.jobSpeed = positiveNumber(n, 'jobSpeed');
      },
      setLatency: (ms) => {
        if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be >= 0');
        this.config.latencyMs = ms;
      },
      stats: () => this.stats(),
      resetStats: () => {
        for (const account of this.store.accounts.values()) {
          account.stats.clear();
          account.faultCounts.clear();
        }
      },
      state: (filter) => {
        this.advanceAll();
        return buildState(this.store, filter);
      },
    };
  }
}
