/** The emulator's public types: start-up options, seeding, controls and statistics. */

export interface ApiKeyOption {
  key: string;
  /** Omitted: the key has every scope. */
  scopes?: string[];
  /** A string is an account id. Keys naming the same account share its data and rate limits. */
  account?: { id?: string; name?: string } | string;
}

export interface EmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  apiKeys?: ApiKeyOption[];
  /** Rate-limit windows (1 s, 60 s, 1 day) and job queue delays run N× faster. Default 1. */
  timeScale?: number;
  /** Profiles each bulk import job processes per (real) second. Default 2000. */
  jobSpeed?: number;
  /** How long a job stays `queued` before processing, in emulated ms (divided by timeScale). Default 500. */
  queueDelayMs?: number;
  /** Added before every response. Default 0. */
  latencyMs?: number;
  /** Check every request against the OpenAPI spec. Default true. */
  strict?: boolean;
  /** Origin of `links.*` URLs. Default https://a.klaviyo.com, as Klaviyo sends. */
  linkBase?: string;
  /** The clock, in ms. Default Date.now. */
  now?: () => number;
}

export interface ProfileSeed {
  email?: string;
  phone_number?: string;
  external_id?: string;
  first_name?: string;
  last_name?: string;
  organization?: string;
  locale?: string;
  title?: string;
  image?: string;
  location?: Record<string, string | number | null>;
  properties?: Record<string, unknown>;
}

export interface SeedInput {
  /** Account id or API key; default: the first account. */
  account?: string;
  /** `members` as a number generates that many profiles (`seed-<n>@example.com`). */
  lists?: Array<{ name: string; members?: ProfileSeed[] | number; opt_in_process?: 'double_opt_in' | 'single_opt_in' }>;
  /** A count ("Segment 1" …) or names. */
  segments?: number | string[];
  /** Profiles that belong to no list. */
  profiles?: ProfileSeed[];
}

export interface SeedResult {
  accountId: string;
  lists: Array<{ id: string; name: string; memberIds: string[] }>;
  segments: string[];
  profiles: string[];
}

/** Restricts a fault to requests whose path starts with `pathPrefix` and/or use `method`. */
export interface FaultMatch {
  pathPrefix?: string;
  method?: string;
}

export type FailStatus = 500 | 502 | 503 | 504;

export interface FailOptions extends FaultMatch {
  /** JSON:API error body (default for 500/503) or an HTML page like an edge proxy's (default for 502/504). */
  body?: 'json' | 'html';
  /** Sends `Retry-After: <n>` (emulated seconds) with the failure, as a 503 may. */
  retryAfter?: number;
}

export interface DropOptions extends FaultMatch {
  /**
   * `before` (default): the request has no effect, then the socket is destroyed.
   * `after`: the request takes effect, then the socket is destroyed instead of answering.
   */
  phase?: 'before' | 'after';
}

export interface BucketStatsView {
  /** Requests that reached this bucket (accepted + throttled). */
  requests: number;
  /** 429 answers (rate limit or throttle storm). */
  throttled: number;
  /** Arrival timestamps (ms, emulator clock) of accepted requests. */
  accepted: number[];
  limits: { burst: number; steady: number; daily?: number };
}

export interface StatsView {
  timeScale: number;
  accounts: Record<string, { buckets: Record<string, BucketStatsView>; faults: Record<string, number> }>;
}

export interface StateMember {
  id: string;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
}

export interface StateList {
  id: string;
  name: string;
  opt_in_process: string;
  profile_count: number;
  members: StateMember[];
}

export interface StateAccount {
  id: string;
  name: string;
  profile_count: number;
  segment_count: number;
  lists: StateList[];
  jobs: Array<{ id: string; status: string; total_count: number; completed_count: number; failed_count: number }>;
}

export interface StateDocument {
  accounts: StateAccount[];
}

export interface EmulatorControl {
  seed(input: SeedInput): SeedResult;
  addKey(key: string, options: { account: string | { id?: string; name?: string }; scopes?: string[] }): void;
  revokeKey(key: string): void;
  revokeKeyAfter(key: string, requests: number): void;
  failNext(n: number, status: FailStatus, options?: FailOptions): void;
  dropNext(n: number, options?: DropOptions): void;
  throttleStorm(durationMs: number, options?: FaultMatch): void;
  slowNext(n: number, ms: number, options?: FaultMatch): void;
  clearFaults(): void;
  setTimeScale(n: number): void;
  setJobSpeed(n: number): void;
  setLatency(ms: number): void;
  stats(): StatsView;
  resetStats(): void;
  state(filter?: { account?: string; members?: boolean }): StateDocument;
}

export interface Emulator {
  url: string;
  port: number;
  control: EmulatorControl;
  close(): Promise<void>;
}
