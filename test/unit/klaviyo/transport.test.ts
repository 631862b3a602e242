/**
 * The request loop against a scripted network (fetch is the edge here: these are the answers a real
 * Klaviyo or its CDN can give that the emulator does not produce, and exact timing on a fake clock).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient } from '../../../electron/core/klaviyo/client';
import { createRateLimiter } from '../../../electron/core/klaviyo/rate-limiter';
import { createLogger } from '../../../electron/core/log';
import { createFakeClock, settle } from './fake-clock';

const KEY = 'pk_TEST_unit0123456789abcdef_not_a_real_key';
const LISTS_OK = { data: [{ type: 'list', id: 'L1', attributes: { name: 'A', created: null, updated: null } }], links: { self: 'x', next: null } };

type Script = (url: URL, init: RequestInit, call: number) => Promise<Response> | Response;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/vnd.api+json', ...headers } });
}
function klaviyoError(status: number, code: string, headers: Record<string, string> = {}): Response {
  return json(status, { errors: [{ id: 'e', status, code, title: code, detail: code, source: { pointer: '/data' } }] }, headers);
}
function systemError(code: string): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
}
/** A request that never answers until its signal aborts. */
function hang(init: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true });
  });
}

function setup(script: Script, more: { maxAttempts?: number; requestTimeoutMs?: number; signal?: AbortSignal } = {}) {
  const clock = createFakeClock();
  const lines: string[] = [];
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url, init: init ?? {} });
    return script(url, init ?? {}, calls.length);
  }) as typeof fetch;
  const client = createKlaviyoClient({
    apiKey: KEY,
    baseUrl: 'http://127.0.0.1:9',
    fetch: fetchStub,
    clock,
    limiter: createRateLimiter({ clock, marginMs: 0 }),
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    random: () => 0.5,
    maxAttempts: more.maxAttempts ?? 4,
    requestTimeoutMs: more.requestTimeoutMs ?? 5000,
    ...(more.signal ? { signal: more.signal } : {}),
  });
  /** Runs a call to the end, moving the fake clock as far as it needs. */
  async function run<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
    let outcome: { value?: T; error?: unknown } | undefined;
    promise.then((value) => { outcome = { value }; }, (error: unknown) => { outcome = { error }; });
    for (let i = 0; i < 200 && !outcome; i++) {
      await settle();
      if (!outcome) await clock.advance(1000);
    }
    if (!outcome) throw new Error('the call never finished');
    return outcome;
  }
  return { client, clock, calls, lines, run };
}

describe('the request loop', () => {
  it('sends the key, the pinned revision and JSON:API headers to the configured base URL', async () => {
    const { client, calls, run } = setup(() => json(200, LISTS_OK));
    await run(client.listLists({ name: 'My "List"' }));
    const { url, init } = calls[0] ?? { url: new URL('http://x'), init: {} };
    const headers = new Headers(init.headers);
    expect(url.origin).toBe('http://127.0.0.1:9');
    expect(url.pathname).toBe('/api/lists');
    expect(url.searchParams.get('filter')).toBe('any(name,["My \\"List\\""])');
    expect(headers.get('authorization')).toBe(`Klaviyo-API-Key ${KEY}`);
    expect(headers.get('revision')).toBe('2026-07-15');
    expect(headers.get('accept')).toBe('application/vnd.api+json');
  });

  it('retries a 503 on a read and returns the later success', async () => {
    const { client, calls, run } = setup((_u, _i, n) => (n < 3 ? klaviyoError(503, 'service_unavailable') : json(200, LISTS_OK)));
    const { value } = await run(client.listLists());
    expect(value?.lists.map((l) => l.id)).toEqual(['L1']);
    expect(calls).toHaveLength(3);
  });

  it('gives up after maxAttempts with SERVER_ERROR counting the attempts', async () => {
    const { client, calls, run } = setup(() => klaviyoError(500, 'error'), { maxAttempts: 3 });
    const { error } = await run(client.listLists());
    expect(AppError.is(error, 'SERVER_ERROR')).toBe(true);
    expect((error as AppError).details?.attempts).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it('retries a CDN challenge page (HTML 403) and reports it as a server-side problem', async () => {
    const html = () => new Response('<html><body>Just a moment...</body></html>', { status: 403, headers: { 'content-type': 'text/html' } });
    const { client, calls, run } = setup(html, { maxAttempts: 2 });
    const { error } = await run(client.getAccount());
    expect(AppError.is(error, 'SERVER_ERROR')).toBe(true);
    expect((error as AppError).details?.nonJson).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('refuses a success whose body is not what the spec promises, without retrying', async () => {
    const { client, calls, run } = setup(() => json(200, { data: [{ type: 'list', id: 'L1', attributes: {} }] }));
    const { error } = await run(client.listLists());
    expect(AppError.is(error, 'UNEXPECTED_RESPONSE')).toBe(true);
    expect(calls).toHaveLength(1);
    const html = setup(() => new Response('<html>ok</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(AppError.is((await html.run(html.client.listLists())).error, 'UNEXPECTED_RESPONSE')).toBe(true);
  });

  it('times out a request that gets no answer, and retries a read', async () => {
    const { client, calls, run } = setup((_u, init) => hang(init), { maxAttempts: 2, requestTimeoutMs: 3000 });
    const { error } = await run(client.listLists());
    expect(AppError.is(error, 'TIMEOUT')).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('stops with CANCELLED when cancelled during a request, without another attempt', async () => {
    const controller = new AbortController();
    const { client, calls, run } = setup((_u, init) => {
      queueMicrotask(() => controller.abort());
      return hang(init);
    });
    const { error } = await run(client.listLists({}, { signal: controller.signal }));
    expect(AppError.is(error, 'CANCELLED')).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('stops with CANCELLED when cancelled during a backoff', async () => {
    const controller = new AbortController();
    const { client, calls, clock } = setup(() => klaviyoError(503, 'service_unavailable'), { maxAttempts: 6 });
    const outcome = client.listLists({}, { signal: controller.signal }).then(() => 'done', (e: unknown) => e);
    await settle();
    expect(calls).toHaveLength(1);
    controller.abort();
    await settle();
    const error = await outcome;
    expect(AppError.is(error, 'CANCELLED')).toBe(true);
    await clock.runAll();
    expect(calls).toHaveLength(1);
  });

  it('cancels every call of a client through its own signal', async () => {
    const controller = new AbortController();
    const { client, run } = setup((_u, init) => hang(init), { signal: controller.signal });
    controller.abort();
    expect(AppError.is((await run(client.getAccount())).error, 'CANCELLED')).toBe(true);
  });

  it('retries a bulk import whose connection was refused (it never reached Klaviyo)', async () => {
    const job = { data: { type: 'profile-bulk-import-job', id: 'J1', attributes: { status: 'queued', total_count: 1 } } };
    const { client, calls, run } = setup((_u, _i, n) => {
      if (n === 1) throw systemError('ECONNREFUSED');
      return json(202, job);
    });
    const { value } = await run(client.createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(value?.id).toBe('J1');
    expect(calls).toHaveLength(2);
  });

  it('does not resend a bulk import whose connection broke after sending, and says the result is unknown', async () => {
    const { client, calls, run } = setup(() => {
      throw systemError('ECONNRESET');
    });
    const { error } = await run(client.createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(AppError.is(error, 'NETWORK_ERROR')).toBe(true);
    expect((error as AppError).details).toMatchObject({ ambiguous: true, systemCode: 'ECONNRESET' });
    expect(calls).toHaveLength(1);
  });

  it('does not resend a bulk import that met a 5xx', async () => {
    const { client, calls, run } = setup(() => klaviyoError(502, 'bad_gateway'));
    const { error } = await run(client.createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(AppError.is(error, 'SERVER_ERROR')).toBe(true);
    expect((error as AppError).details?.ambiguous).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('honours Retry-After on a 429 before trying again', async () => {
    const { client, calls, clock, run } = setup((_u, _i, n) => (n === 1 ? klaviyoError(429, 'throttled', { 'Retry-After': '7' }) : json(200, LISTS_OK)));
    const started = clock.now();
    const { value } = await run(client.listLists());
    expect(value?.lists).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(clock.now() - started).toBeGreaterThanOrEqual(7000);
    expect(client.limiter.stats().get_lists?.throttled).toBe(1);
  });

  it('stops at once on the daily list-creation cap instead of retrying', async () => {
    const { client, calls, run } = setup((url, init) => {
      if (init.method === 'GET') return json(200, { data: [], links: { next: null } });
      return klaviyoError(429, 'throttled', { 'Retry-After': '43200' });
    });
    const { error } = await run(client.createList('New list'));
    expect(AppError.is(error, 'LIST_CREATE_DAILY_LIMIT')).toBe(true);
    expect(calls.filter((c) => c.init.method === 'POST')).toHaveLength(1);
  });

  it('treats a 404 on a retried delete as done (the first attempt deleted the list)', async () => {
    const { client, calls, run } = setup((_u, _i, n) => (n === 1 ? klaviyoError(504, 'gateway_timeout') : klaviyoError(404, 'not_found')));
    const { error } = await run(client.deleteList('L1'));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('never lets the API key into an error, its cause, its stack or a log line', async () => {
    const failures: Script[] = [
      () => klaviyoError(401, 'not_authenticated'),
      () => klaviyoError(403, 'permission_denied'),
      () => json(400, { errors: [{ code: 'invalid', detail: `bad key ${KEY}`, source: { pointer: `/x/${KEY}` } }] }),
      () => { throw Object.assign(new TypeError(`fetch failed for ${KEY}`), { cause: Object.assign(new Error(KEY), { code: 'ECONNRESET' }) }); },
      (_u, init) => hang(init),
      () => new Response(`<html>${KEY}</html>`, { status: 500 }),
    ];
    for (const script of failures) {
      const { client, lines, run } = setup(script, { maxAttempts: 2, requestTimeoutMs: 500 });
      const { error } = await run(client.listLists());
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      for (const text of [appError.message, appError.stack ?? '', JSON.stringify(appError.toData()), inspect(appError, { depth: 10 }), ...lines]) {
        expect(text).not.toContain(KEY);
      }
    }
  });
});
