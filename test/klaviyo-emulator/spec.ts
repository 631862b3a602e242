/**
 * The emulator's view of Klaviyo's OpenAPI spec (the committed subset in openapi/): one record per
 * implemented operation, and a router that tells 404 (no such path), 405 (wrong method) and 501
 * (Klaviyo has it, the emulator does not) apart. Loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { IMPLEMENTED_OPERATIONS, SPEC_FILE_NAME, type OperationId } from './openapi/implemented';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SpecParameter {
  name: string;
  in: 'query' | 'header' | 'path';
  required: boolean;
  schema: JsonObject;
  /** OpenAPI `explode: false` arrays arrive comma-separated. */
  commaSeparated: boolean;
}

export interface FilterField {
  list: string[];
  single: string[];
  format?: string;
}

export interface SpecOperation {
  id: OperationId;
  method: string;
  path: string;
  parameters: SpecParameter[];
  /** `#/components/schemas/...` reference of the JSON request body, when there is one. */
  requestSchemaRef?: string;
  /** Response schema references by status code. */
  responseSchemaRefs: Record<string, string>;
  /** The 2xx statuses the spec documents. */
  successStatuses: string[];
  scopes: string[];
  rateLimit: { burst: string; steady: string; daily?: string };
  filters: Record<string, FilterField>;
}

export interface LoadedSpec {
  document: JsonObject;
  revision: string;
  operations: Map<OperationId, SpecOperation>;
  route(method: string, path: string): RouteResult;
}

export type RouteResult =
  | { kind: 'operation'; operation: SpecOperation; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-implemented' }
  | { kind: 'not-found' };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

interface Template {
  path: string;
  regex: RegExp;
  names: string[];
  /** Literal segments count: a more literal template wins (`/relationships/profiles` vs `{id}`). */
  literals: number;
}

function compileTemplate(path: string): Template {
  const names: string[] = [];
  let literals = 0;
  const source = path.split('/').map((segment) => {
    const m = /^\{(.+)\}$/.exec(segment);
    if (m && m[1]) {
      names.push(m[1]);
      return '([^/]+)';
    }
    literals += 1;
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { path, regex: new RegExp(`^${source}/?$`), names, literals };
}

function parseOperation(id: OperationId, method: string, path: string, op: JsonObject): SpecOperation {
  const parameters: SpecParameter[] = [];
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
    if (!isObject(raw) || typeof raw.name !== 'string') continue;
    const location = raw.in;
    if (location !== 'query' && location !== 'header' && location !== 'path') continue;
    const schema = isObject(raw.schema) ? raw.schema : {};
    parameters.push({
      name: raw.name,
      in: location,
      required: raw.required === true,
      schema,
      commaSeparated: schema.type === 'array' && raw.explode === false,
    });
  }
  let requestSchemaRef: string | undefined;
  const body = op.requestBody;
  if (isObject(body) && isObject(body.content)) {
    for (const media of Object.values(body.content)) {
      if (isObject(media) && isObject(media.schema) && typeof media.schema.$ref === 'string') {
        requestSchemaRef = media.schema.$ref;
      }
    }
  }
  const responseSchemaRefs: Record<string, string> = {};
  const successStatuses = isObject(op.responses) ? Object.keys(op.responses).filter((code) => /^2\d\d$/.test(code)) : [];
  if (isObject(op.responses)) {
    for (const [code, response] of Object.entries(op.responses)) {
      if (!isObject(response) || !isObject(response.content)) continue;
      for (const media of Object.values(response.content)) {
        if (isObject(media) && isObject(media.schema) && typeof media.schema.$ref === 'string') {
          responseSchemaRefs[code] = media.schema.$ref;
        }
      }
    }
  }
  const limit = isObject(op['x-klaviyo-ratelimit']) ? op['x-klaviyo-ratelimit'] : {};
  const filters: Record<string, FilterField> = {};
  if (isObject(op['x-klaviyo-filters'])) {
    for (const [field, def] of Object.entries(op['x-klaviyo-filters'])) {
      if (!isObject(def) || !isObject(def.operators)) continue;
      const value = isObject(def.value) ? def.value : {};
      filters[field] = {
        list: strings(def.operators.list),
        single: strings(def.operators.single),
        ...(typeof value.format === 'string' ? { format: value.format } : {}),
      };
    }
  }
  return {
    id,
    method,
    path,
    parameters,
    ...(requestSchemaRef ? { requestSchemaRef } : {}),
    responseSchemaRefs,
    successStatuses,
    scopes: strings(op['x-klaviyo-scopes']),
    rateLimit: {
      burst: typeof limit.burst === 'string' ? limit.burst : '1/s',
      steady: typeof limit.steady === 'string' ? limit.steady : '15/m',
      ...(typeof limit.daily === 'string' ? { daily: limit.daily } : {}),
    },
    filters,
  };
}

export function buildSpec(document: JsonObject): LoadedSpec {
  const implemented = new Set<string>(IMPLEMENTED_OPERATIONS);
  const operations = new Map<OperationId, SpecOperation>();
  const byTemplate = new Map<string, Map<string, SpecOperation>>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op) || typeof op.operationId !== 'string' || !implemented.has(op.operationId)) continue;
      const parsed = parseOperation(op.operationId as OperationId, method.toUpperCase(), path, op);
      operations.set(parsed.id, parsed);
      const methods = byTemplate.get(path) ?? new Map<string, SpecOperation>();
      methods.set(parsed.method, parsed);
      byTemplate.set(path, methods);
    }
  }
  const all = isObject(document['x-emulator-all-operations']) ? document['x-emulator-all-operations'] : {};
  const templates = Object.keys(all).map(compileTemplate).sort((a, b) => b.literals - a.literals);
  const info = isObject(document.info) ? document.info : {};

  const route = (method: string, rawPath: string): RouteResult => {
    for (const template of templates) {
      const m = template.regex.exec(rawPath);
      if (!m) continue;
      const upper = method.toUpperCase();
      const op = byTemplate.get(template.path)?.get(upper);
      if (op) {
        const params: Record<string, string> = {};
        try {
          template.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1] ?? ''); });
        } catch {
          return { kind: 'not-found' }; // a malformed %-escape names nothing
        }
        return { kind: 'operation', operation: op, params };
      }
      const methods = strings(all[template.path]).map((x) => x.toUpperCase());
      if (methods.includes(upper)) return { kind: 'not-implemented' };
      return { kind: 'method-not-allowed', allowed: methods };
    }
    return { kind: 'not-found' };
  };

  return { document, revision: typeof info.version === 'string' ? info.version : '', operations, route };
}

let cached: LoadedSpec | undefined;

/** The committed spec subset, parsed once per process. */
export function loadSpec(): LoadedSpec {
  if (!cached) {
    const file = new URL(`./openapi/${SPEC_FILE_NAME}`, import.meta.url);
    const document = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    cached = buildSpec(document);
  }
  return cached;
}
