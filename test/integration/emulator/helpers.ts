/**
 * Test helpers: an emulator per test (port 0, closed afterwards) and a tiny fetch wrapper that
 * sends what a Klaviyo client sends. Responses are checked against the spec's response schemas
 * on every call, so each test also checks the emulator's fidelity on the wire.
 */
import { afterEach, expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../klaviyo-emulator/index';
import { loadSpec } from '../../klaviyo-emulator/spec';
import { responseProblems } from '../../klaviyo-emulator/strict';

export const REVISION = '2026-07-15';
export const KEY = 'pk_test_emulator_suite';

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator({ apiKeys: [{ key: KEY }], ...options });
  running.push(e);
  return e;
}

export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown; links?: Record<string, string> }>;
  links?: { self: string };
}

export interface ErrorItem {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source: { pointer?: string; parameter?: string };
  links?: Record<string, string>;
  meta: Record<string, unknown>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined for 204). */
  body: unknown;
  text: string;
  /** `errors[]` of an error body, else []. */
  errors: ErrorItem[];
  /** `links` of a document, else self '' and no next/prev. */
  links: { self: string; next: string | null; prev: string | null };
  /** `data` as one resource (throws when it is not one). */
  one(): Resource;
  /** `data` as a collection (throws when it is not one). */
  many(): Resource[];
  included(): Resource[];
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function response(status: number, headers: Headers, text: string, body: unknown): ApiResponse {
  const links = field(body, 'links') as { self?: string; next?: string | null; prev?: string | null } | undefined;
  const data = field(body, 'data');
  return {
    status,
    headers,
    body,
    text,
    errors: (field(body, 'errors') as ErrorItem[] | undefined) ?? [],
    links: { self: links?.self ?? '', next: links?.next ?? null, prev: links?.prev ?? null },
    one: () => {
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`expected one resource: ${text.slice(0, 300)}`);
      return data as Resource;
    },
    many: () => {
      if (!Array.isArray(data)) throw new Error(`expected a collection: ${text.slice(0, 300)}`);
      return data as Resource[];
    },
    included: () => (field(body, 'included') as Resource[] | undefined) ?? [],
  };
}

export interface CallOptions {
  key?: string | null;
  revision?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

/** Calls the emulator like a client would; relative paths or full `links.*` URLs both work. */
export async function call(e: Emulator, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { Accept: 'application/vnd.api+json', ...options.headers };
  const key = options.key === undefined ? KEY : options.key;
  if (key !== null) headers.Authorization = `Klaviyo-API-Key ${key}`;
  const revision = options.revision === undefined ? REVISION : options.revision;
  if (revision !== null) headers.revision = revision;
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const url = path.startsWith('https://a.klaviyo.com') ? `${e.url}${path.slice('https://a.klaviyo.com'.length)}` : `${e.url}${path}`;
  const res = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  checkAgainstSpec(method, new URL(url).pathname, res.status, body);
  return response(res.status, res.headers, text, body);
}

/** Every documented response must match the spec's schema for its operation and status. */
function checkAgainstSpec(method: string, path: string, status: number, body: unknown): void {
  const route = loadSpec().route(method, path);
  if (route.kind !== 'operation' || body === undefined || status >= 400) return;
  expect(responseProblems(route.operation, status, body), `${method} ${path} → ${status} matches the spec`).toEqual([]);
}

export const get = (e: Emulator, path: string, options?: CallOptions) => call(e, 'GET', path, options);
export const post = (e: Emulator, path: string, body: unknown, options?: CallOptions) => call(e, 'POST', path, { ...options, body });

/** Follows `links.next` (Klaviyo's absolute URLs) until the end, returning every item. */
export async function pageAll(e: Emulator, path: string, options?: CallOptions): Promise<Resource[]> {
  const items: Resource[] = [];
  let next: string | null = path;
  while (next) {
    const res: ApiResponse = await get(e, next, options);
    expect(res.status).toBe(200);
    items.push(...res.many());
    next = res.links.next;
  }
  return items;
}

export function createListBody(name: string): unknown {
  return { data: { type: 'list', attributes: { name } } };
}

export function bulkBody(profiles: Array<Record<string, unknown>>, listIds: string[] = []): unknown {
  return {
    data: {
      type: 'profile-bulk-import-job',
      attributes: { profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes })) } },
      ...(listIds.length > 0 ? { relationships: { lists: { data: listIds.map((id) => ({ type: 'list', id })) } } } : {}),
    },
  };
}

/** A controllable clock for tests that must not depend on real time. */
export function manualClock(start = Date.UTC(2026, 6, 20, 12, 0, 0)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}
