/** What a resource handler receives and returns. Handlers are synchronous and pure over the store. */
import type { SpecOperation } from './spec';
import type { Account, Store } from './store';

export interface EmulatorConfig {
  timeScale: number;
  jobSpeed: number;
  queueDelayMs: number;
  latencyMs: number;
  strict: boolean;
  linkBase: string;
  now: () => number;
}

export interface RequestContext {
  config: EmulatorConfig;
  store: Store;
  account: Account;
  op: SpecOperation;
  /** Path parameters (`id`, `job_id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** The request path as received, without the query. */
  path: string;
  now: number;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

/** The `page[size]` range an operation declares (default/min/max), or the given fallback. */
export function pageRange(op: SpecOperation, fallback: { default: number; min: number; max: number }): { default: number; min: number; max: number } {
  const schema = op.parameters.find((p) => p.name === 'page[size]')?.schema;
  if (!schema) return fallback;
  return {
    default: typeof schema.default === 'number' ? schema.default : fallback.default,
    min: typeof schema.minimum === 'number' ? schema.minimum : fallback.min,
    max: typeof schema.maximum === 'number' ? schema.maximum : fallback.max,
  };
}

/** Comma-separated values of a query parameter (OpenAPI `explode: false` arrays). */
export function listParam(query: URLSearchParams, name: string): string[] | null {
  const raw = query.get(name);
  if (raw === null) return null;
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
