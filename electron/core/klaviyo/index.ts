/** The Klaviyo layer's public surface. */
export { createKlaviyoClient, type KlaviyoClient, type KlaviyoClientOptions } from './client';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions, type BucketStats, type RateLimitHeaders } from './rate-limiter';
export { sharedLimiter } from './limiter-registry';
export { systemClock, type Clock } from './clock';
export {
  BUCKETS, OPERATIONS, LIMITS, LISTS_AND_SEGMENTS_CAP, KLAVIYO_REVISION, KLAVIYO_BASE_URL,
  type BucketId, type BucketLimits, type OperationName, type OperationSpec,
} from './operations';
export { profileBytes, bulkImportBody } from './payload-limits';
export { minimumDurationMs, maximumSendsWithin, type SlidingWindow } from './window-math';
export type { ListFilter, ListsPage, CallOptions } from './lists-api';
export type { MembersQuery } from './members-api';
export type { ProfileLookup, SubscriptionJobInput } from './profiles-api';
export type { BulkImportInput } from './bulk-import-api';
export type * from './types';
