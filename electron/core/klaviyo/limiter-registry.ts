/**
 * One rate limiter per account key in this process, so every client made for the same key (a sync's
 * runner, a planner, a key check) draws on the same buckets. Keyed by a hash: the key itself is never
 * kept as a map key, where it could end up in a heap dump or a debug print.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import { createRateLimiter, type RateLimiter } from './rate-limiter';

const limiters = new Map<string, RateLimiter>();

export function sharedLimiter(apiKey: string, options: { baseUrl: string; timeScale: number; logger?: Logger }): RateLimiter {
  // The base URL is part of the identity so that test servers (one account each) never share a budget.
  const id = `${createHash('sha256').update(options.baseUrl).update('\0').update(apiKey).digest('hex').slice(0, 32)}@${options.timeScale}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = createRateLimiter({
      timeScale: options.timeScale,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    limiters.set(id, limiter);
  }
  return limiter;
}
