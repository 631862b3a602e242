/**
 * How a CSV's columns become a Klaviyo profile. Pure data and pure helpers: used by the pipeline,
 * the planner, the command line (`--map "column=target"`) and the mapping screen.
 */
import { z } from 'zod';

/** Klaviyo profile attributes a column can fill directly (ProfileUpsertQuery attributes). */
export const PROFILE_FIELDS = ['first_name', 'last_name', 'organization', 'title', 'locale', 'image'] as const;
/** Attributes of the profile's `location` object. */
export const LOCATION_FIELDS = [
  'address1', 'address2', 'city', 'region', 'country', 'zip', 'timezone', 'latitude', 'longitude',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type LocationField = (typeof LOCATION_FIELDS)[number];
export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email') }),
  z.object({ kind: z.literal('phone') }),
  z.object({ kind: z.literal('externalId') }),
  /** A per-row country (ISO 3166 alpha-2 or a country name) used to read that row's phone number. */
  z.object({ kind: z.literal('phoneCountry') }),
  z.object({ kind: z.literal('field'), field: z.enum([...PROFILE_FIELDS, ...LOCATION_FIELDS]) }),
  z.object({
    kind: z.literal('property'),
    name: z.string().trim().min(1).max(200),
    type: z.enum(PROPERTY_TYPES).default('string'),
  }),
  z.object({ kind: z.literal('ignore') }),
]);
export type Target = z.infer<typeof TargetSchema>;

export const ColumnMappingSchema = z.object({
  /** Zero-based column index in the file. */
  index: z.number().int().min(0),
  /** The column's (de-duplicated, visible) header name, as inspect() reported it. */
  header: z.string(),
  target: TargetSchema,
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export const RegionSchema = z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as US');

export const MappingSchema = z.object({
  columns: z.array(ColumnMappingSchema),
  /** Region used to read phone numbers written without a country code. */
  defaultRegion: RegionSchema.default('US'),
});
export type Mapping = z.infer<typeof MappingSchema>;

/** The three SFTP / identifier column names, in the order Klaviyo's SFTP import expects them. */
export const IDENTIFIER_HEADERS = { email: 'Email', phone: 'PhoneNumber', externalId: 'ExternalID' } as const;

/** Renders a target the way the command line writes it: Email, PhoneNumber, property:plan:number, … */
export function formatTarget(target: Target): string {
  switch (target.kind) {
    case 'email': return 'Email';
    case 'phone': return 'PhoneNumber';
    case 'externalId': return 'ExternalID';
    case 'phoneCountry': return 'PhoneCountry';
    case 'field': return target.field;
    case 'property': return target.type === 'string' ? `property:${target.name}` : `property:${target.name}:${target.type}`;
    case 'ignore': return 'ignore';
  }
}

/**
 * Parses a command-line target: `Email`, `PhoneNumber`, `ExternalID`, `PhoneCountry`, a profile field
 * name (`first_name`, `city`, …), `property:<name>[:string|number|boolean|date]`, or `ignore`.
 * Returns null when the text names no target.
 */
export function parseTarget(text: string): Target | null {
  const value = text.trim();
  const lower = value.toLowerCase();
  if (lower === 'email') return { kind: 'email' };
  if (lower === 'phonenumber' || lower === 'phone_number' || lower === 'phone') return { kind: 'phone' };
  if (lower === 'externalid' || lower === 'external_id') return { kind: 'externalId' };
  if (lower === 'phonecountry' || lower === 'phone_country') return { kind: 'phoneCountry' };
  if (lower === 'ignore' || lower === 'skip') return { kind: 'ignore' };
  const field = [...PROFILE_FIELDS, ...LOCATION_FIELDS].find((f) => f === lower);
  if (field) return { kind: 'field', field };
  if (lower.startsWith('property:')) {
    const rest = value.slice('property:'.length);
    const lastColon = rest.lastIndexOf(':');
    const maybeType = lastColon > 0 ? rest.slice(lastColon + 1).toLowerCase() : '';
    const type = (PROPERTY_TYPES as readonly string[]).includes(maybeType) ? (maybeType as PropertyType) : 'string';
    const name = type === 'string' && maybeType !== 'string' ? rest : rest.slice(0, lastColon);
    if (name.trim() === '') return null;
    return { kind: 'property', name: name.trim(), type };
  }
  return null;
}

/** The identifier kinds a mapping uses, in SFTP header order. */
export function mappedIdentifiers(mapping: Mapping): Array<'email' | 'phone' | 'externalId'> {
  const kinds = new Set(mapping.columns.map((c) => c.target.kind));
  return (['email', 'phone', 'externalId'] as const).filter((k) => kinds.has(k));
}

/** Why a mapping cannot be used, in plain words; empty when it is fine. */
export function mappingProblems(mapping: Mapping): string[] {
  const problems: string[] = [];
  if (mappedIdentifiers(mapping).length === 0) {
    problems.push('Map at least one column to Email, PhoneNumber or ExternalID: Klaviyo needs an identifier for every profile.');
  }
  const single = ['email', 'phone', 'externalId', 'phoneCountry'] as const;
  for (const kind of single) {
    const cols = mapping.columns.filter((c) => c.target.kind === kind);
    if (cols.length > 1) {
      problems.push(`Only one column can be ${formatTarget({ kind } as Target)}; now: ${cols.map((c) => `"${c.header}"`).join(', ')}.`);
    }
  }
  const seen = new Map<string, string>();
  for (const c of mapping.columns) {
    const key = c.target.kind === 'field' ? `field:${c.target.field}` : c.target.kind === 'property' ? `property:${c.target.name}` : null;
    if (!key) continue;
    const other = seen.get(key);
    if (other !== undefined) problems.push(`"${c.header}" and "${other}" both fill ${key.replace(/^field:/, '')}.`);
    else seen.set(key, c.header);
  }
  if (mapping.columns.some((c) => c.target.kind === 'phoneCountry') && !mapping.columns.some((c) => c.target.kind === 'phone')) {
    problems.push('A PhoneCountry column only helps read a PhoneNumber column: map one too, or ignore it.');
  }
  return problems;
}
