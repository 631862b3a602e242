/**
 * Extracts, from Klaviyo's full OpenAPI spec, the operations the emulator implements plus every
 * component they reference, and writes it beside this file so the repository is self-contained.
 *
 *   npx tsx test/klaviyo-emulator/openapi/extract-spec.ts [path/to/stable-2026-07-15.json]
 *
 * The output is still a valid OpenAPI 3.0 document. It also carries `x-emulator-all-operations`
 * (every path and method of the full spec), so the emulator can tell "no such path" (404) from
 * "path exists, method does not" (405) from "Klaviyo has it, the emulator does not" (501).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPLEMENTED_OPERATIONS, SPEC_FILE_NAME } from './implemented';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_SOURCE = '/work/shared/klaviyo/openapi/stable-2026-07-15.json';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(value: Json | undefined, key: string): JsonObject {
  if (!isObject(value) || !isObject(value[key])) throw new Error(`spec has no object at "${key}"`);
  return value[key];
}

/** Collects the names of every `#/components/schemas/X` reachable from `node`. */
function collectRefs(node: Json, schemas: JsonObject, seen: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, schemas, seen);
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (!seen.has(name)) {
      seen.add(name);
      const target = schemas[name];
      if (target === undefined) throw new Error(`dangling $ref ${ref}`);
      collectRefs(target, schemas, seen);
    }
  }
  for (const value of Object.values(node)) collectRefs(value, schemas, seen);
}

export function extractSubset(spec: JsonObject): JsonObject {
  const paths = child(spec, 'paths');
  const components = child(spec, 'components');
  const schemas = child(components, 'schemas');
  const wanted = new Set<string>(IMPLEMENTED_OPERATIONS);
  const outPaths: JsonObject = {};
  const allOperations: JsonObject = {};
  const found = new Set<string>();

  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const methods: Json[] = [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      methods.push(method);
      const id = op.operationId;
      if (typeof id === 'string' && wanted.has(id)) {
        found.add(id);
        const kept = isObject(outPaths[path]) ? outPaths[path] : {};
        kept[method] = op;
        outPaths[path] = kept;
      }
    }
    allOperations[path] = methods;
  }
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in the spec: ${missing.join(', ')}`);

  const refs = new Set<string>();
  collectRefs(outPaths, schemas, refs);
  const outSchemas: JsonObject = {};
  for (const name of [...refs].sort()) outSchemas[name] = schemas[name] ?? null;

  return {
    openapi: spec.openapi ?? '3.0.2',
    info: spec.info ?? {},
    servers: spec.servers ?? [],
    paths: outPaths,
    components: {
      schemas: outSchemas,
      responses: components.responses ?? {},
      securitySchemes: components.securitySchemes ?? {},
    },
    'x-emulator-all-operations': allOperations,
  };
}

function main(): void {
  const source = process.argv[2] ?? DEFAULT_SOURCE;
  const spec: unknown = JSON.parse(readFileSync(source, 'utf8'));
  if (!isObject(spec as Json)) throw new Error(`${source} is not a JSON object`);
  const subset = extractSubset(spec as JsonObject);
  const target = join(here, SPEC_FILE_NAME);
  writeFileSync(target, `${JSON.stringify(subset, null, 1)}\n`);
  process.stderr.write(`wrote ${target}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
