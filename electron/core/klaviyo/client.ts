/**
 * The Klaviyo client: typed methods for every endpoint a sync uses, over one transport that handles
 * the key, the revision, rate limits, retries, timeouts, cancellation and errors.
 */
import { AppError } from '../../../shared/errors';
import { createLogger, registerSecret, type Logger } from '../log';
import { createAccountApi } from './account-api';
import { createBulkImportApi } from './bulk-import-api';
import { systemClock, type Clock } from './clock';
import { sharedLimiter } from './limiter-registry';
import { createListsApi } from './lists-api';
import { createMembersApi } from './members-api';
import { KLAVIYO_BASE_URL, KLAVIYO_REVISION, OPERATIONS, type OperationName } from './operations';
import { createProfilesApi } from './profiles-api';
import type { RateLimiter } from './rate-limiter';
import { DEFAULT_BACKOFF, type BackoffOptions } from './retry-policy';
import { createTransport } from './transport';

export interface KlaviyoClientOptions {
  apiKey: string;
  /** Default https://a.klaviyo.com; the emulator's URL in tests. */
  baseUrl?: string;
  /** Default: the revision the app was built and tested against. */
  revision?: string;
  /** The server's time scale (the emulator's --time-scale): its windows are N× shorter. Default 1. */
  timeScale?: number;
  /** Shared limiter; default: one per key in this process. */
  limiter?: RateLimiter;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Per attempt, real milliseconds. Default 30 s. */
  requestTimeoutMs?: number;
  /** Attempts per request, the first included. Default 6. */
  maxAttempts?: number;
  /** Cancels every call of this client. */
  signal?: AbortSignal;
  clock?: Clock;
  /** For tests: the jitter source of the backoff. */
  random?: () => number;
  backoff?: BackoffOptions;
}

export type KlaviyoClient =
  & ReturnType<typeof createAccountApi>
  & ReturnType<typeof createListsApi>
  & ReturnType<typeof createMembersApi>
  & ReturnType<typeof createProfilesApi>
  & ReturnType<typeof createBulkImportApi>
  & {
    readonly baseUrl: string;
    readonly timeScale: number;
    /** The limiter this client shares with every other client of the same key. */
    readonly limiter: RateLimiter;
    /**
     * Shortest real time, in seconds, Klaviyo's limits allow for `requests` calls of one operation on a
     * fresh budget (the planner's estimates).
     */
    estimateSeconds(operation: OperationName, requests: number): number;
  };

const USER_AGENT = 'audience-sync-for-klaviyo/0.1';

export function createKlaviyoClient(options: KlaviyoClientOptions): KlaviyoClient {
  const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
  if (apiKey === '') {
    throw new AppError({ code: 'INVALID_CREDENTIALS', message: 'No Klaviyo API key was given.' });
  }
  // From here on the key is masked in every log line, whoever writes it.
  registerSecret(apiKey);
  const baseUrl = (options.baseUrl ?? KLAVIYO_BASE_URL).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new AppError({ code: 'INVALID_INPUT', message: 'The Klaviyo address is not a valid URL.' });
  }
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new AppError({ code: 'INVALID_INPUT', message: 'timeScale must be a positive number.' });
  const logger = options.logger ?? createLogger({ scope: 'klaviyo' });
  const limiter = options.limiter ?? sharedLimiter(apiKey, { baseUrl, timeScale, logger });
  if (limiter.timeScale !== timeScale) {
    throw new AppError({ code: 'INVALID_INPUT', message: 'The rate limiter and the client disagree on the time scale.' });
  }

  const transport = createTransport({
    apiKey,
    baseUrl,
    revision: options.revision ?? KLAVIYO_REVISION,
    timeScale,
    limiter,
    fetch: options.fetch ?? globalThis.fetch,
    logger,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 6)),
    signal: options.signal,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    userAgent: USER_AGENT,
  });

  return {
    ...createAccountApi(transport),
    ...createListsApi(transport),
    ...createMembersApi(transport),
    ...createProfilesApi(transport),
    ...createBulkImportApi(transport),
    baseUrl,
    timeScale,
    limiter,
    estimateSeconds: (operation, requests) => limiter.estimateSeconds(OPERATIONS[operation].bucket, requests),
  };
}
