/**
 * The HTTP front of the emulator. Every API request goes through the same steps, in Klaviyo's
 * order: route (404/405/501) → injected faults → authentication (401) → rate limits (429) →
 * scopes (403) → revision header, media type, JSON, strict OpenAPI checks (400/415) → the
 * resource handler. Scopes come before any validation, so a write probe with an empty body
 * tells "missing scope" (403) from "has the scope" (400) without changing anything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authenticate, checkScopes, peekKey } from './auth';
import type { RequestContext } from './context';
import { handleControl } from './control-http';
import type { EmulatorCore } from './core';
import {
  invalid, invalidParameter, KlaviyoApiError, methodNotAllowed, notFound, notImplemented, parseError, payloadTooLarge,
  serverError, throttled, unsupportedMediaType,
} from './errors';
import { edgeErrorPage, readBody, sendJson, sendText } from './http-io';
import { bucketsFor, emulatedSeconds } from './rate-limits';
import { HANDLERS } from './routes';
import type { SpecOperation } from './spec';
import type { Account } from './store';
import { checkBody, checkQuery } from './strict';

/** Klaviyo's global payload limit: 5 MB decompressed (docs "Rate limits, status codes, and errors"). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const JSON_TYPES = new Set(['application/json', 'application/vnd.api+json']);
const REVISION = /^\d{4}-\d{2}-\d{2}(\.[A-Za-z0-9_-]+)?$/;

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function checkRevision(core: EmulatorCore, req: IncomingMessage): void {
  const raw = req.headers.revision;
  const revision = Array.isArray(raw) ? raw[0] : raw;
  if (revision === undefined || revision.trim() === '') {
    throw invalidParameter('revision', `The 'revision' header is required. Send a revision date, such as ${core.spec.revision}.`);
  }
  if (!REVISION.test(revision.trim())) {
    throw invalidParameter('revision', `'${revision}' is not a valid revision. Use the format YYYY-MM-DD[.suffix], such as ${core.spec.revision}.`);
  }
  if (core.config.strict && revision.trim().slice(0, 10) !== core.spec.revision) {
    throw invalidParameter('revision', `The local emulator implements revision ${core.spec.revision} only; the request asked for ${revision}.`);
  }
}

function parseJsonBody(req: IncomingMessage, buffer: Buffer): unknown {
  if (buffer.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.has(type)) throw unsupportedMediaType(type || '(none)');
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch (error) {
    throw parseError(error instanceof Error ? error.message : 'invalid JSON');
  }
}

/** Counts the request against the account's buckets; throws 429 when a window is full. */
function applyRateLimit(core: EmulatorCore, account: Account, op: SpecOperation, query: URLSearchParams, now: number): Record<string, string> {
  const buckets = bucketsFor(op, query);
  const decision = account.limiter.take(buckets, now, core.config.timeScale);
  for (const bucket of buckets) {
    const stats = account.bucketStats(bucket);
    stats.requests += 1;
    if (decision.ok) stats.accepted.push(now);
    else stats.throttled += 1;
  }
  if (!decision.ok) {
    throw throttled(decision.retryAfterSeconds, decision.daily
      ? `Request was throttled. The daily limit for this endpoint (${buckets[0]?.daily ?? 0} per day) has been reached.`
      : undefined);
  }
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
}

async function handleApi(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const body = await readBody(req, MAX_BODY_BYTES);
  await core.delay(core.config.latencyMs);
  if (core.closed) return;
  const now = core.now();
  const route = core.spec.route(method, url.pathname);
  const peeked = peekKey(core.store, req.headers.authorization);
  const peekedAccount = peeked ? core.store.accounts.get(peeked.accountId) : undefined;

  const fault = core.faults.decide(method, url.pathname, now);
  if (fault.slowMs > 0) {
    await core.delay(fault.slowMs);
    if (core.closed) return;
  }
  if (fault.stormMs !== undefined) {
    if (peekedAccount) {
      bump(peekedAccount.faultCounts, 'storm');
      if (route.kind === 'operation') {
        const [main] = bucketsFor(route.operation, url.searchParams);
        const stats = peekedAccount.bucketStats(main!);
        stats.requests += 1;
        stats.throttled += 1;
      }
    }
    const error = throttled(emulatedSeconds(fault.stormMs, core.config.timeScale));
    sendJson(res, error.status, error.body(), error.headers);
    return;
  }
  if (fault.fail) {
    if (peekedAccount) bump(peekedAccount.faultCounts, `http_${fault.fail.status}`);
    const extra: Record<string, string> = fault.fail.retryAfter === undefined ? {} : { 'Retry-After': String(fault.fail.retryAfter) };
    if (fault.fail.body === 'html') sendText(res, fault.fail.status, edgeErrorPage(fault.fail.status), 'text/html', extra);
    else {
      const error = serverError(fault.fail.status);
      sendJson(res, error.status, error.body(), { ...error.headers, ...extra });
    }
    return;
  }
  if (fault.drop === 'before') {
    if (peekedAccount) bump(peekedAccount.faultCounts, 'drop');
    req.socket.destroy();
    return;
  }

  let headers: Record<string, string> = {};
  try {
    if (route.kind === 'not-found') throw notFound('Not found.');
    if (route.kind === 'method-not-allowed') throw methodNotAllowed(method, route.allowed);
    if (route.kind === 'not-implemented') throw notImplemented(method, url.pathname);
    const op = route.operation;
    if (body.buffer === null) throw payloadTooLarge(body.bytes, MAX_BODY_BYTES);
    const key = authenticate(core.store, req.headers.authorization);
    const account = core.store.accounts.get(key.accountId);
    if (!account) throw notFound('Account not found.');
    core.advance(account);
    headers = applyRateLimit(core, account, op, url.searchParams, now);
    checkScopes(key, op);
    checkRevision(core, req);
    const json = parseJsonBody(req, body.buffer);
    if (core.config.strict) checkQuery(op, url.searchParams);
    if (op.requestSchemaRef) {
      if (json === undefined) throw invalid('A JSON request body is required.', { pointer: '/data' });
      if (core.config.strict) checkBody(op, json);
    }
    const ctx: RequestContext = {
      config: core.config, store: core.store, account, op, params: route.params, query: url.searchParams, body: json,
      path: url.pathname, now,
    };
    const result = HANDLERS[op.id](ctx);
    if (fault.drop === 'after') {
      bump(account.faultCounts, 'drop');
      req.socket.destroy();
      return;
    }
    sendJson(res, result.status, result.body, headers);
  } catch (error) {
    if (fault.drop === 'after') {
      if (peekedAccount) bump(peekedAccount.faultCounts, 'drop');
      req.socket.destroy();
      return;
    }
    if (error instanceof KlaviyoApiError) {
      sendJson(res, error.status, error.body(), error.status === 429 ? error.headers : { ...headers, ...error.headers });
      return;
    }
    process.stderr.write(`klaviyo-emulator: internal error on ${method} ${url.pathname}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    const fallback = serverError(500);
    sendJson(res, 500, fallback.body(), headers);
  }
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function startServer(core: EmulatorCore, port: number, host: string): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const work = url.pathname.startsWith('/__emulator/') ? handleControl(core, req, res, url) : handleApi(core, req, res, url);
    work.catch((error: unknown) => {
      process.stderr.write(`klaviyo-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent && !res.destroyed) sendText(res, 500, 'internal error', 'text/plain');
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        port: actual,
        close: () => new Promise<void>((done) => {
          core.shutdown();
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
