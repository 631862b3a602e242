/**
 * Every Klaviyo operation the client calls, with its rate limits, scopes and retry safety, copied from
 * the revision-2026-07-15 OpenAPI spec (`x-klaviyo-ratelimit`, `x-klaviyo-scopes`; see
 * ../shared/klaviyo/operations.json). Kept here as a typed table so the repository is self-contained.
 */

export const KLAVIYO_REVISION = '2026-07-15';
export const KLAVIYO_BASE_URL = 'https://a.klaviyo.com';

/** Requests allowed per 1 s (burst), per 60 s (steady) and, for a few operations, per day. */
export interface BucketLimits {
  burst: number;
  steady: number;
  daily?: number;
}

/**
 * How safe a request is to send twice.
 * - `safe`: reads and idempotent writes; retried on 429, 5xx, timeouts and network errors.
 * - `unsent-only`: retried only when the request provably never reached Klaviyo (connection refused):
 *   anything else would risk doing the work twice, so the caller gets an ambiguous-result error.
 */
export type RetrySafety = 'safe' | 'unsent-only';

export interface OperationSpec {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path template with `{id}` placeholders. */
  path: string;
  /** The rate-limit bucket the request counts against. */
  bucket: BucketId;
  /** Scopes Klaviyo requires (a 403 names none reliably, so the client reports these). */
  scopes: readonly string[];
  retry: RetrySafety;
  /** Query parameters that also count against a stricter bucket (Klaviyo: "additional-fields and include"). */
  extraBuckets?: readonly { param: string; value: string; bucket: BucketId }[];
  /** Largest `page[size]` the operation accepts. */
  maxPageSize?: number;
}

/**
 * Per-account buckets, named as the emulator names them (`operation` or `operation+parameter value`).
 * Operations share one only where the spec says they do (the bulk-import family).
 */
export const BUCKETS = {
  get_accounts: { burst: 1, steady: 15 },
  get_lists: { burst: 75, steady: 750 },
  create_list: { burst: 10, steady: 150, daily: 150 },
  get_list: { burst: 75, steady: 750 },
  'get_list+profile_count': { burst: 1, steady: 15 },
  update_list: { burst: 10, steady: 150 },
  delete_list: { burst: 10, steady: 150 },
  get_profiles_for_list: { burst: 75, steady: 750 },
  get_profile_ids_for_list: { burst: 75, steady: 750 },
  'get_profiles_for_list+predictive_analytics': { burst: 10, steady: 150 },
  add_profiles_to_list: { burst: 10, steady: 150 },
  remove_profiles_from_list: { burst: 10, steady: 150 },
  get_profiles: { burst: 75, steady: 750 },
  create_or_update_profile: { burst: 75, steady: 750 },
  /** Job creation, polling and the job's sub-resources share one 10/s, 150/m bucket (spec). */
  'profile-bulk-import-jobs': { burst: 10, steady: 150 },
  get_segments: { burst: 75, steady: 750 },
  bulk_subscribe_profiles: { burst: 75, steady: 750 },
} as const satisfies Record<string, BucketLimits>;

export type BucketId = keyof typeof BUCKETS;

const LISTS_READ = ['lists:read'] as const;
const LISTS_WRITE = ['lists:write'] as const;
const MEMBERS_READ = ['lists:read', 'profiles:read'] as const;
const MEMBERS_WRITE = ['lists:write', 'profiles:write'] as const;
const predictive = [{ param: 'additional-fields[profile]', value: 'predictive_analytics', bucket: 'get_profiles_for_list+predictive_analytics' }] as const;

export const OPERATIONS = {
  getAccounts: { id: 'get_accounts', method: 'GET', path: '/api/accounts', bucket: 'get_accounts', scopes: ['accounts:read'], retry: 'safe' },
  getLists: { id: 'get_lists', method: 'GET', path: '/api/lists', bucket: 'get_lists', scopes: LISTS_READ, retry: 'safe', maxPageSize: 10 },
  createList: { id: 'create_list', method: 'POST', path: '/api/lists', bucket: 'create_list', scopes: LISTS_WRITE, retry: 'unsent-only' },
  getList: {
    id: 'get_list', method: 'GET', path: '/api/lists/{id}', bucket: 'get_list', scopes: LISTS_READ, retry: 'safe',
    extraBuckets: [{ param: 'additional-fields[list]', value: 'profile_count', bucket: 'get_list+profile_count' }],
  },
  updateList: { id: 'update_list', method: 'PATCH', path: '/api/lists/{id}', bucket: 'update_list', scopes: LISTS_WRITE, retry: 'safe' },
  deleteList: { id: 'delete_list', method: 'DELETE', path: '/api/lists/{id}', bucket: 'delete_list', scopes: LISTS_WRITE, retry: 'safe' },
  getListProfiles: {
    id: 'get_profiles_for_list', method: 'GET', path: '/api/lists/{id}/profiles', bucket: 'get_profiles_for_list',
    scopes: MEMBERS_READ, retry: 'safe', maxPageSize: 100, extraBuckets: predictive,
  },
  getListProfileIds: {
    id: 'get_profile_ids_for_list', method: 'GET', path: '/api/lists/{id}/relationships/profiles', bucket: 'get_profile_ids_for_list',
    scopes: MEMBERS_READ, retry: 'safe', maxPageSize: 100,
  },
  addProfilesToList: {
    id: 'add_profiles_to_list', method: 'POST', path: '/api/lists/{id}/relationships/profiles', bucket: 'add_profiles_to_list',
    scopes: MEMBERS_WRITE, retry: 'safe',
  },
  removeProfilesFromList: {
    id: 'remove_profiles_from_list', method: 'DELETE', path: '/api/lists/{id}/relationships/profiles', bucket: 'remove_profiles_from_list',
    scopes: MEMBERS_WRITE, retry: 'safe',
  },
  getProfiles: { id: 'get_profiles', method: 'GET', path: '/api/profiles', bucket: 'get_profiles', scopes: ['profiles:read'], retry: 'safe', maxPageSize: 100 },
  // An upsert keyed by the identifiers in the body: sending it twice leaves the same profile.
  upsertProfile: {
    id: 'create_or_update_profile', method: 'POST', path: '/api/profile-import', bucket: 'create_or_update_profile',
    scopes: ['profiles:write'], retry: 'safe',
  },
  createBulkImportJob: {
    id: 'bulk_import_profiles', method: 'POST', path: '/api/profile-bulk-import-jobs', bucket: 'profile-bulk-import-jobs',
    scopes: MEMBERS_WRITE, retry: 'unsent-only',
  },
  getBulkImportJobs: {
    id: 'get_bulk_import_profiles_jobs', method: 'GET', path: '/api/profile-bulk-import-jobs', bucket: 'profile-bulk-import-jobs',
    scopes: MEMBERS_READ, retry: 'safe', maxPageSize: 100,
  },
  getBulkImportJob: {
    id: 'get_bulk_import_profiles_job', method: 'GET', path: '/api/profile-bulk-import-jobs/{id}', bucket: 'profile-bulk-import-jobs',
    scopes: MEMBERS_READ, retry: 'safe',
  },
  getBulkImportErrors: {
    id: 'get_errors_for_bulk_import_profiles_job', method: 'GET', path: '/api/profile-bulk-import-jobs/{id}/import-errors',
    bucket: 'profile-bulk-import-jobs', scopes: ['profiles:read'], retry: 'safe', maxPageSize: 100,
  },
  getSegments: { id: 'get_segments', method: 'GET', path: '/api/segments', bucket: 'get_segments', scopes: ['segments:read'], retry: 'safe', maxPageSize: 10 },
  // Subscribing the same people twice changes nothing more, so a retry is harmless.
  createSubscriptionJob: {
    id: 'bulk_subscribe_profiles', method: 'POST', path: '/api/profile-subscription-bulk-create-jobs', bucket: 'bulk_subscribe_profiles',
    scopes: ['lists:write', 'profiles:write', 'subscriptions:write'], retry: 'safe',
  },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

/** The buckets one request counts against: its operation's, plus stricter ones its query parameters add. */
export function bucketsFor(op: OperationSpec, query: Readonly<Record<string, string | undefined>>): BucketId[] {
  const buckets: BucketId[] = [];
  for (const extra of op.extraBuckets ?? []) {
    const value = query[extra.param];
    if (value !== undefined && value.split(',').includes(extra.value)) buckets.push(extra.bucket);
  }
  // Stricter buckets first: a request waits on its scarcest budget before it takes a slot in the common one.
  buckets.push(op.bucket);
  return buckets;
}

/** Klaviyo's cap on lists and segments per account (help centre: "1,000 lists and/or segments"). */
export const LISTS_AND_SEGMENTS_CAP = 1000;
/** Payload limits of the bulk-import and membership endpoints (spec descriptions). */
export const LIMITS = {
  membersPerRequest: 1000,
  bulkImportProfiles: 10_000,
  // "5 MB" and "100 KB" in the spec, read as decimal units: the stricter reading can never be refused.
  bulkImportBytes: 5_000_000,
  bulkImportProfileBytes: 100_000,
  subscribeProfiles: 1000,
  listsPageSize: 10,
  membersPageSize: 100,
} as const;
