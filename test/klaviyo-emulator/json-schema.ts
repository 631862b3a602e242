/**
 * Turns OpenAPI 3.0 schemas into JSON Schema that ajv checks the way Klaviyo does:
 * `nullable: true` becomes a `null` alternative (ajv has no 3.0 `nullable` semantics for `$ref`
 * and `oneOf` siblings), documentation keywords go, and, for request bodies, an object that
 * declares its `properties` rejects any other key, as Klaviyo answers "'x' is not a valid field
 * for the resource 'profile'." for an unknown attribute (API-NOTES §5). `closeObjects` marks the
 * request-side conversion.
 */
type Node = unknown;

const DROPPED = new Set(['description', 'example', 'examples', 'nullable', 'discriminator', 'deprecated', 'externalDocs', 'xml']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_VALUES = new Set(['items', 'not', 'additionalProperties']);

function isObject(value: Node): value is Record<string, Node> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Request bodies also get Klaviyo's semantic checks on identifiers as custom formats, so one ajv
 * pass reports every bad email and phone number along with the schema problems.
 */
const IDENTIFIER_FORMATS: Record<string, string> = { email: 'klaviyo-email', phone_number: 'klaviyo-e164' };

export function toJsonSchema(node: Node, closeObjects: boolean): Node {
  if (!isObject(node)) return node;
  const out: Record<string, Node> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => {
        const converted = toJsonSchema(schema, closeObjects);
        const format = IDENTIFIER_FORMATS[name];
        if (closeObjects && format && isObject(schema) && schema.type === 'string' && isObject(converted)) {
          return [name, { ...converted, format }];
        }
        return [name, converted];
      }));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((schema) => toJsonSchema(schema, closeObjects));
    } else if (SCHEMA_VALUES.has(key) && isObject(value)) {
      out[key] = toJsonSchema(value, closeObjects);
    } else {
      out[key] = value;
    }
  }
  if (closeObjects && out.type === 'object' && isObject(out.properties) && out.additionalProperties === undefined
    && !Object.keys(out).some((k) => SCHEMA_LISTS.has(k))) {
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Every schema of `components.schemas`, converted. */
export function convertComponents(schemas: Record<string, Node>, closeObjects: boolean): Record<string, Node> {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema, closeObjects)]));
}
