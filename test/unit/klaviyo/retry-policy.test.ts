import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs, classifyNetworkError, parseRateLimitHeaders, parseRetryAfter, shouldRetry,
} from '../../../electron/core/klaviyo/retry-policy';

describe('retry decisions', () => {
  it('retries reads and idempotent writes on every transient failure', () => {
    for (const kind of ['throttled', 'unsent', 'server', 'cdn', 'timeout', 'connection-lost'] as const) {
      expect(shouldRetry('safe', kind)).toBe(true);
    }
  });

  it('retries a non-idempotent request only when Klaviyo provably did nothing', () => {
    expect(shouldRetry('unsent-only', 'throttled')).toBe(true);
    expect(shouldRetry('unsent-only', 'unsent')).toBe(true);
    for (const kind of ['server', 'cdn', 'timeout', 'connection-lost'] as const) expect(shouldRetry('unsent-only', kind)).toBe(false);
  });
});

describe('backoff', () => {
  it('stays between 0 and min(cap, base·2^(n-1)) (full jitter)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
      const delay = backoffDelayMs(attempt, () => r, { baseMs: 500, capMs: 20_000 });
      return delay >= 0 && delay <= Math.min(20_000, 500 * 2 ** (attempt - 1));
    }));
  });

  it('grows exponentially until the cap', () => {
    const top = (attempt: number) => backoffDelayMs(attempt, () => 0.999999, { baseMs: 500, capMs: 20_000 });
    expect(top(1)).toBe(499);
    expect(top(2)).toBe(999);
    expect(top(4)).toBe(3999);
    expect(top(10)).toBe(19_999);
    expect(top(1000)).toBe(19_999);
  });
});

describe('network error classification', () => {
  const fetchError = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

  it('knows a refused connection never reached the server', () => {
    expect(classifyNetworkError(fetchError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))).toEqual({ kind: 'unsent', code: 'ECONNREFUSED' });
  });

  it('looks inside an AggregateError of several failed addresses', () => {
    const aggregate = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ENETUNREACH' })]);
    expect(classifyNetworkError(fetchError(aggregate)).kind).toBe('unsent');
  });

  it('treats a reset or closed socket as possibly delivered', () => {
    expect(classifyNetworkError(fetchError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).kind).toBe('connection-lost');
    expect(classifyNetworkError(fetchError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).kind).toBe('connection-lost');
    expect(classifyNetworkError(new Error('no code at all')).kind).toBe('connection-lost');
  });
});

describe('header parsing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('reads the RateLimit-* headers', () => {
    const headers = new Headers({ 'RateLimit-Limit': '750', 'RateLimit-Remaining': '12', 'RateLimit-Reset': '41' });
    expect(parseRateLimitHeaders(headers)).toEqual({ limit: 750, remaining: 12, resetSeconds: 41 });
    expect(parseRateLimitHeaders(new Headers())).toEqual({ limit: null, remaining: null, resetSeconds: null });
  });
});
