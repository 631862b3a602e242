/**
 * Strict mode: every request is checked against Klaviyo's OpenAPI spec (the committed subset):
 * query parameters known to the operation with valid values, and the JSON body against the
 * operation's request schema. A non-conforming request gets the 400 Klaviyo would give, with
 * `source.parameter` or `source.pointer`. Validators are compiled once per process.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalidMany, invalidParameter, invalidSpec, type ErrorSpec } from './errors';
import { convertComponents } from './json-schema';
import { loadSpec, type JsonObject, type SpecOperation, type SpecParameter } from './spec';
import { INVALID_EMAIL, INVALID_PHONE, isValidE164, isValidEmail } from './validation';

const DOC_ID = 'https://klaviyo-emulator.local/openapi.json';

interface Compiled {
  request: Map<string, ValidateFunction>;
  response: Ajv;
}

let compiled: Compiled | undefined;

function makeAjv(schemas: Record<string, unknown>): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('klaviyo-email', isValidEmail);
  ajv.addFormat('klaviyo-e164', isValidE164);
  ajv.addSchema({ $id: DOC_ID, components: { schemas } });
  return ajv;
}

/**
 * Klaviyo sends `"next": null` / `"prev": null` at either end of a collection, where the spec's
 * CollectionLinks declares plain strings; the response check accepts what Klaviyo sends.
 */
function responseSchemas(schemas: Record<string, unknown>): Record<string, unknown> {
  const links = schemas.CollectionLinks as { properties?: Record<string, Record<string, unknown>> } | undefined;
  if (!links?.properties) return schemas;
  const properties = Object.fromEntries(Object.entries(links.properties).map(([name, schema]) =>
    [name, name === 'self' ? schema : { ...schema, nullable: true }]));
  return { ...schemas, CollectionLinks: { ...links, properties } };
}

/** Compiles the request validators of every implemented operation (once per process). */
export function compileValidators(): Compiled {
  if (compiled) return compiled;
  const spec = loadSpec();
  const components = (spec.document.components ?? {}) as JsonObject;
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  const requestAjv = makeAjv(convertComponents(schemas, true));
  const request = new Map<string, ValidateFunction>();
  for (const op of spec.operations.values()) {
    if (op.requestSchemaRef) request.set(op.id, requestAjv.compile({ $ref: `${DOC_ID}${op.requestSchemaRef}` }));
  }
  compiled = { request, response: makeAjv(convertComponents(responseSchemas(schemas), false)) };
  return compiled;
}

function pointerSegments(path: string): string[] {
  return path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The JSON:API `type` of the resource object closest to the error (for Klaviyo's wording). */
function resourceAt(body: unknown, instancePath: string): string {
  let node: unknown = body;
  let resource = 'resource';
  const visit = (value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const type = (value as Record<string, unknown>).type;
      if (typeof type === 'string') resource = type;
    }
  };
  visit(node);
  for (const segment of pointerSegments(instancePath)) {
    if (typeof node !== 'object' || node === null) break;
    node = (node as Record<string, unknown>)[segment];
    visit(node);
  }
  return resource;
}

function describe(error: ErrorObject, body: unknown): ErrorSpec {
  const segments = pointerSegments(error.instancePath);
  const field = segments[segments.length - 1] ?? 'data';
  const resource = resourceAt(body, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const owner = resource === 'resource' ? '' : ` for the resource '${resource}'`;
      return invalidSpec(`'${missing}' is a required field${owner}.`, { pointer: `${error.instancePath}/${missing}` });
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return invalidSpec(`'${extra}' is not a valid field for the resource '${resource}'.`, { pointer: `${error.instancePath}/${extra}` });
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.filter((v) => v !== null) : [];
      if (field === 'type') {
        return invalidSpec(`Invalid resource type; expected '${allowed.join("', '")}'.`, { pointer: error.instancePath });
      }
      return invalidSpec(`'${field}' must be one of: ${allowed.map((v) => `'${String(v)}'`).join(', ')}.`, { pointer: error.instancePath });
    }
    case 'type':
      return invalidSpec(`'${field}' must be of type ${String(params.type)}.`, { pointer: error.instancePath || '/' });
    case 'format':
      if (params.format === 'klaviyo-email') return invalidSpec(INVALID_EMAIL, { pointer: error.instancePath });
      if (params.format === 'klaviyo-e164') return invalidSpec(INVALID_PHONE, { pointer: error.instancePath });
      return invalidSpec(`'${field}' must be a valid ${String(params.format)}.`, { pointer: error.instancePath });
    default:
      return invalidSpec(`'${field}' ${error.message ?? 'is invalid'}.`, { pointer: error.instancePath || '/' });
  }
}

/** ajv explains a failed `nullable` alternative three times; keep the error that helps. */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf'
    && !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const seen = new Set<string>();
  return (kept.length > 0 ? kept : errors).filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Enough to name every bad profile of a full bulk import. */
const MAX_REPORTED = 10_000;
const PROFILE_ITEM = /^\/data\/attributes\/profiles\/data\/(\d+)(\/|$)/;

/** Bulk payloads report one error per bad profile (API-NOTES §3.9); other errors all stay. */
function onePerProfile(errors: ErrorSpec[]): ErrorSpec[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const pointer = e.source && 'pointer' in e.source ? e.source.pointer : '';
    const index = PROFILE_ITEM.exec(pointer)?.[1];
    if (index === undefined) return true;
    if (seen.has(index)) return false;
    seen.add(index);
    return true;
  });
}

/** Throws Klaviyo's 400 when the body does not match the operation's request schema. */
export function checkBody(op: SpecOperation, body: unknown): void {
  const validate = compileValidators().request.get(op.id);
  if (!validate || validate(body)) return;
  const errors = onePerProfile(usefulErrors(validate.errors ?? []).map((e) => describe(e, body)));
  throw invalidMany(errors.slice(0, MAX_REPORTED));
}

function paramProblem(param: SpecParameter, value: string): string | null {
  const schema = param.schema;
  if (schema.type === 'array') {
    const items = (schema.items ?? {}) as JsonObject;
    const allowed = Array.isArray(items.enum) ? items.enum : null;
    for (const item of param.commaSeparated ? value.split(',') : [value]) {
      if (allowed && !allowed.includes(item)) {
        const type = /\[(.+)\]$/.exec(param.name)?.[1] ?? '';
        if (param.name === 'include') return `'${item}' is not an allowed include parameter for this resource.`;
        if (param.name.startsWith('fields[')) return `'${item}' is not a valid field for the resource '${type}'.`;
        if (param.name.startsWith('additional-fields[')) return `'${item}' is not a valid additional field for the resource '${type}'.`;
        return `'${item}' is not a valid value for '${param.name}'.`;
      }
    }
    return null;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return param.name === 'sort'
      ? `'${value}' is not a valid sort field for this resource.`
      : `'${value}' is not a valid value for '${param.name}'.`;
  }
  if (schema.type === 'integer') {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      return param.name === 'page[size]'
        ? `Page size must be an integer between ${min} and ${max}.`
        : `'${param.name}' must be an integer between ${min} and ${max}.`;
    }
  }
  return null;
}

/** Throws Klaviyo's 400 for a query parameter the operation does not know or a value it refuses. */
export function checkQuery(op: SpecOperation, query: URLSearchParams): void {
  const known = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const seen = new Set<string>();
  for (const [name, value] of query) {
    const param = known.get(name);
    if (!param) throw invalidParameter(name, `'${name}' is not a valid query parameter for this endpoint.`);
    if (seen.has(name)) throw invalidParameter(name, `'${name}' may only be given once.`);
    seen.add(name);
    const problem = paramProblem(param, value);
    if (problem) throw invalidParameter(name, problem);
  }
  for (const param of known.values()) {
    if (param.required && !query.has(param.name)) throw invalidParameter(param.name, `'${param.name}' is required.`);
  }
}

/** Checks a response body against the spec (used by the emulator's own tests for fidelity). */
export function responseProblems(op: SpecOperation, status: number, body: unknown): string[] {
  const ref = op.responseSchemaRefs[String(status)];
  if (!ref) return [];
  const ajv = compileValidators().response;
  const validate = ajv.getSchema(`${DOC_ID}${ref}`) ?? ajv.compile({ $ref: `${DOC_ID}${ref}` });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
}
