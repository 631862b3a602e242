/**
 * One Klaviyo request, done properly: wait for the rate limiter, send with the key and the pinned
 * revision, time out, retry what is safe to retry, feed the limiter what Klaviyo says about its
 * limits, validate the answer, and turn failures into AppErrors. Every wait is cancellable.
 */
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { cancelledError, sleep, type Clock } from './clock';
import { errorFromNetwork, errorFromResponse, isDailyListCap, unexpectedBody } from './error-mapping';
import { bucketsFor, type OperationSpec } from './operations';
import { buildQuery, fillPath } from './query';
import type { Permit, RateLimiter } from './rate-limiter';
import {
  backoffDelayMs, classifyNetworkError, parseRateLimitHeaders, parseRetryAfter, shouldRetry,
  type BackoffOptions, type FailureKind,
} from './retry-policy';
import { ErrorBodySchema, type WireError } from './wire-schemas';

export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  revision: string;
  timeScale: number;
  limiter: RateLimiter;
  fetch: typeof fetch;
  logger: Logger;
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Cancels everything this client does. */
  signal: AbortSignal | undefined;
  clock: Clock;
  random: () => number;
  backoff: BackoffOptions;
  userAgent: string;
}

export interface Call<T> {
  op: OperationSpec;
  path?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | undefined>>;
  body?: unknown;
  /** Validates a success's body; without it the body is ignored (204s). */
  schema?: z.ZodType<T>;
  signal?: AbortSignal | undefined;
  /** Statuses handed back as results instead of thrown (the scope probes want 400/403/404). */
  passStatuses?: readonly number[];
}

export interface Reply<T> {
  status: number;
  /** The validated body of a success when a schema was given; otherwise null. */
  data: T | null;
  attempts: number;
  /** An earlier attempt failed in a way that may have done the work (the answer was lost). */
  earlierAttemptAmbiguous: boolean;
}

export interface Transport {
  readonly timeScale: number;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  /** The call's signal joined with the client's own (for waits outside a request). */
  signalFor(signal: AbortSignal | undefined): AbortSignal | undefined;
  request<T>(call: Call<T>): Promise<Reply<T>>;
  /** A request whose success must have a body matching `call.schema`. */
  json<T>(call: Call<T> & { schema: z.ZodType<T> }): Promise<T>;
}

const TIMED_OUT = Symbol('timed out');

interface Attempt {
  kind: 'response';
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One signal per call that follows the client's and the caller's. Always a fresh one: the waits of a
 * call listen on it, never on the caller's own signal, which a sync shares among hundreds of calls.
 */
function combine(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  const sources = [a, b].filter((s): s is AbortSignal => s !== undefined);
  return sources.length > 0 ? AbortSignal.any(sources) : undefined;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function wireErrors(text: string, headers: Headers): readonly WireError[] | null {
  const type = headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  const parsed = parseJson(text);
  if (!parsed.ok) return null;
  const body = ErrorBodySchema.safeParse(parsed.value);
  return body.success ? body.data.errors : null;
}

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const { limiter, clock, logger } = options;

  /** Sends once; resolves with the whole response, rejects with what fetch threw or TIMED_OUT. */
  async function attempt(url: string, init: RequestInit, signal: AbortSignal | undefined, answered: () => void): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const cancelTimer = clock.setTimer(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, options.requestTimeoutMs);
    try {
      const response = await options.fetch(url, { ...init, signal: controller.signal });
      answered();
      const text = await response.text();
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (timedOut && !signal?.aborted) throw TIMED_OUT;
      throw error;
    } finally {
      answered();
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function request<T>(call: Call<T>): Promise<Reply<T>> {
    const { op } = call;
    const signal = combine(options.signal, call.signal);
    const query = Object.fromEntries(
      Object.entries(call.query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)]),
    );
    const buckets = bucketsFor(op, query);
    const url = `${base}${fillPath(op.path, call.path)}${buildQuery(query)}`;
    const headers: Record<string, string> = {
      Authorization: `Klaviyo-API-Key ${options.apiKey}`,
      revision: options.revision,
      Accept: 'application/vnd.api+json',
      'User-Agent': options.userAgent,
    };
    const init: RequestInit = { method: op.method, headers };
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/vnd.api+json';
      init.body = JSON.stringify(call.body);
    }

    let ambiguous = false;
    for (let attemptNo = 1; ; attemptNo++) {
      if (signal?.aborted) throw cancelledError(signal);
      let permit: Permit;
      try {
        permit = await limiter.acquireAll(buckets, signal);
      } catch (error) {
        throw limiterError(op, error);
      }

      let reply: Attempt;
      const sentAt = clock.now();
      try {
        // The slot is freed as soon as the answer starts (or the attempt fails): Klaviyo counted the
        // request at some moment before that.
        reply = await attempt(url, init, signal, () => permit.done());
      } catch (error) {
        if (signal?.aborted) throw cancelledError(signal);
        const failure: { kind: FailureKind; code: string | undefined } = error === TIMED_OUT
          ? { kind: 'timeout', code: undefined }
          : classifyNetworkError(error);
        if (await retryAfterFailure(op, failure.kind, attemptNo, signal, failure.code)) {
          if (failure.kind !== 'unsent') ambiguous = true;
          continue;
        }
        throw withEarlier(errorFromNetwork({
          kind: failure.kind === 'timeout' ? 'timeout' : 'network',
          op,
          ambiguous: failure.kind !== 'unsent',
          attempts: attemptNo,
          ...(failure.code ? { systemCode: failure.code } : {}),
        }), ambiguous);
      }

      const { status } = reply;
      if (status !== 429) {
        const limits = parseRateLimitHeaders(reply.headers);
        limiter.observe(observedBucket(limits.limit, buckets), limits, sentAt);
      }

      if (status >= 200 && status < 300) {
        if (!call.schema) return { status, data: null, attempts: attemptNo, earlierAttemptAmbiguous: ambiguous };
        const parsed = parseJson(reply.text);
        if (!parsed.ok) throw unexpectedBody(op, status, 'the body is not JSON');
        const checked = call.schema.safeParse(parsed.value);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          throw unexpectedBody(op, status, issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch');
        }
        return { status, data: checked.data, attempts: attemptNo, earlierAttemptAmbiguous: ambiguous };
      }
      if (call.passStatuses?.includes(status)) return { status, data: null, attempts: attemptNo, earlierAttemptAmbiguous: ambiguous };

      const errors = wireErrors(reply.text, reply.headers);
      const retryAfterSeconds = parseRetryAfter(reply.headers.get('retry-after'), clock.wallTime());
      const failure = {
        status, errors, retryAfterSeconds, op, timeScale: options.timeScale, wallNow: clock.wallTime(), attempts: attemptNo,
      };
      let kind: FailureKind | null = null;
      if (status === 429) {
        for (const bucket of buckets) limiter.throttled(bucket, retryAfterSeconds);
        // The daily cap will not lift within any sensible wait: say so now.
        if (!isDailyListCap(failure)) kind = 'throttled';
      } else if (status >= 500) {
        kind = errors ? 'server' : 'cdn';
      } else if (status === 403 && !errors) {
        kind = 'cdn';
      }
      if (kind !== null && await retryAfterFailure(op, kind, attemptNo, signal, String(status))) {
        if (kind !== 'throttled') ambiguous = true;
        continue;
      }
      const error = errorFromResponse(failure);
      if (kind === 'server' || kind === 'cdn') {
        throw withEarlier(new AppError({ ...error.toData(), details: { ...error.details, ambiguous: op.retry === 'unsent-only' } }), ambiguous);
      }
      throw withEarlier(error, ambiguous);
    }
  }

  /**
   * Which of the request's buckets the `RateLimit-*` headers describe. Klaviyo does not say; the emulator
   * describes the strictest. The one whose steady limit matches is the one; otherwise the operation's own.
   */
  function observedBucket(limit: number | null, buckets: readonly string[]): string {
    const main = buckets[buckets.length - 1] as string;
    if (limit === null || buckets.length === 1) return main;
    return buckets.find((b) => limiter.limits(b).steady === limit) ?? main;
  }

  /** Waits the backoff and says true when the failed attempt should be repeated. */
  async function retryAfterFailure(op: OperationSpec, kind: FailureKind, attemptNo: number, signal: AbortSignal | undefined, reason?: string): Promise<boolean> {
    if (attemptNo >= options.maxAttempts || !shouldRetry(op.retry, kind)) return false;
    const delay = backoffDelayMs(attemptNo, options.random, options.backoff) / options.timeScale;
    logger.warn('Retrying a Klaviyo request', { operation: op.id, attempt: attemptNo, kind, reason, delayMs: Math.round(delay) });
    await sleep(clock, delay, signal);
    return true;
  }

  return {
    timeScale: options.timeScale,
    limiter,
    clock,
    signalFor: (signal) => combine(options.signal, signal),
    request,
    async json(call) {
      const reply = await request(call);
      if (reply.data === null) throw unexpectedBody(call.op, reply.status, 'no body');
      return reply.data;
    },
  };
}

/** The limiter's own verdicts: the daily cap on list creation gets its own code. */
function limiterError(op: OperationSpec, error: unknown): unknown {
  if (!AppError.is(error, 'RATE_LIMITED') || op.id !== 'create_list') return error;
  const resetsAt = String(error.details?.resetsAt ?? '');
  return new AppError({
    code: 'LIST_CREATE_DAILY_LIMIT',
    message: `Klaviyo allows only a limited number of new lists per day, and today's are used up. You can create lists again after ${resetsAt}.`,
    details: { ...error.details, operation: op.id },
    action: {
      kind: 'wait_until', title: 'Daily list limit reached', message: 'Klaviyo caps how many lists an account can create each day.',
      steps: [`Wait until ${resetsAt}, then resume.`, 'Or sync into an existing list instead.'], resumeAfter: resetsAt,
    },
  });
}

function withEarlier(error: AppError, ambiguous: boolean): AppError {
  if (!ambiguous) return error;
  return new AppError({ ...error.toData(), details: { ...error.details, earlierAttemptAmbiguous: true } });
}
