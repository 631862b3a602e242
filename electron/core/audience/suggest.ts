/**
 * Mapping suggestions: what each column probably is, from its header (the names HubSpot, Shopify,
 * Salesforce, Mailchimp and spreadsheets use) and its sampled values, with the reason and a
 * confidence. Pure.
 */
import type { MappingSuggestion } from '../../../shared/audience';
import {
  formatTarget, IDENTIFIER_HEADERS, LOCATION_FIELDS, PROFILE_FIELDS, type ColumnMapping, type Mapping, type PropertyType, type Target,
} from '../../../shared/mapping';
import { normalizeEmail } from './email';
import { parseBoolean, parseDate, parseNumber } from './values';

type Field = Extract<Target, { kind: 'field' }>['field'];

/** Header words (lower-case, punctuation as spaces) → target. Order matters only for readability. */
const SYNONYMS: Array<[Target, string[]]> = [
  [{ kind: 'email' }, ['email', 'e mail', 'email address', 'e mail address', 'emailaddress', 'mail', 'work email', 'personal email',
    'contact email', 'primary email', 'customer email', 'subscriber email', 'correo', 'courriel']],
  [{ kind: 'phone' }, ['phone', 'phone number', 'phonenumber', 'mobile', 'mobile phone', 'mobile phone number', 'mobile number', 'cell',
    'cell phone', 'cellphone', 'telephone', 'tel', 'sms', 'sms phone', 'sms number', 'phone mobile', 'default address phone',
    'contact phone', 'whatsapp', 'primary phone', 'customer phone']],
  [{ kind: 'externalId' }, ['external id', 'externalid', 'customer id', 'contact id', 'record id', 'user id', 'userid', 'member id',
    'subscriber id', 'crm id', 'client id', 'customer number', 'id', 'uid', 'shopify id', 'salesforce id']],
  [{ kind: 'phoneCountry' }, ['phone country', 'phone country code', 'phone region', 'sms country']],
  ...([
    ['first_name', ['first name', 'firstname', 'first', 'given name', 'fname', 'forename', 'prenom', 'vorname']],
    ['last_name', ['last name', 'lastname', 'last', 'surname', 'family name', 'lname', 'nom', 'nachname']],
    ['organization', ['company', 'company name', 'organization', 'organisation', 'org', 'account name', 'business', 'business name',
      'employer', 'default address company']],
    ['title', ['title', 'job title', 'jobtitle', 'position', 'role']],
    ['locale', ['locale', 'language', 'preferred language', 'lang']],
    ['image', ['image', 'image url', 'photo', 'avatar', 'picture', 'profile picture']],
    ['address1', ['address', 'address 1', 'address1', 'street', 'street address', 'address line 1', 'mailing street', 'default address address1', 'billing address']],
    ['address2', ['address 2', 'address2', 'address line 2', 'apartment', 'suite', 'default address address2']],
    ['city', ['city', 'town', 'mailing city', 'default address city', 'locality', 'billing city']],
    ['region', ['state', 'province', 'region', 'state province', 'state region', 'state code', 'province code', 'mailing state province',
      'default address province', 'default address province code', 'billing state']],
    ['country', ['country', 'country region', 'country code', 'mailing country', 'default address country', 'default address country code',
      'billing country', 'nation']],
    ['zip', ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'postal', 'mailing zip postal code', 'default address zip', 'billing zip']],
    ['timezone', ['timezone', 'time zone', 'tz']],
    ['latitude', ['latitude', 'lat']],
    ['longitude', ['longitude', 'lng', 'lon', 'long']],
  ] as Array<[Field, string[]]>).map(([field, names]): [Target, string[]] => [{ kind: 'field', field }, names]),
];

const BY_NAME = new Map<string, Target>(SYNONYMS.flatMap(([target, names]) => names.map((n) => [n, target] as [string, Target])));

export function normalizeHeader(header: string): string {
  return header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/([a-z])([0-9])/g, '$1 $2').replace(/[^a-z0-9]+/g, ' ').trim();
}

const PHONE_CHARS = /^\+?[\d\s\-.()/]{7,24}$/;

function looksLikePhone(value: string): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

const share = (values: string[], test: (v: string) => boolean) => (values.length === 0 ? 0 : values.filter(test).length / values.length);
const percent = (n: number) => `${Math.round(n * 100)}%`;

export interface ColumnSample {
  index: number;
  header: string;
  /** The column's non-empty sampled values, trimmed. */
  values: string[];
  fillRate: number;
}

function propertyType(values: string[], region: string): PropertyType {
  if (values.length === 0) return 'string';
  // Leading zeros (zip codes, ids, account numbers) are text, not numbers.
  if (values.every((v) => parseNumber(v) !== null && !/^[+-]?0\d/.test(v))) return 'number';
  if (values.every((v) => parseBoolean(v) !== null && !/^[01]$/.test(v))) return 'boolean';
  if (values.every((v) => parseDate(v, region) !== null)) return 'date';
  return 'string';
}

/** The suggestion for one column on its own (before one-per-target conflicts are settled). */
export function suggestColumn(column: ColumnSample, region: string): MappingSuggestion {
  const { header, values } = column;
  if (values.length === 0) return { target: { kind: 'ignore' }, reason: 'no values in the sampled rows', confidence: 0.7 };
  const name = normalizeHeader(header);
  const emails = share(values, (v) => normalizeEmail(v).ok);
  const phones = share(values, looksLikePhone);
  const byHeader = BY_NAME.get(name);
  if (byHeader) {
    if (byHeader.kind === 'email' && emails < 0.5) return property(column, region, `the header says email, but only ${percent(emails)} of sampled values are email addresses`);
    if (byHeader.kind === 'phone' && phones < 0.5) return property(column, region, `the header says phone, but only ${percent(phones)} of sampled values look like phone numbers`);
    const content = byHeader.kind === 'email' ? `; ${percent(emails)} of sampled values are email addresses`
      : byHeader.kind === 'phone' ? `; ${percent(phones)} of sampled values look like phone numbers` : '';
    return { target: byHeader, reason: `the header "${header}" is a usual name for ${formatTarget(byHeader)}${content}`, confidence: 0.95 };
  }
  const words = ` ${name} `;
  if (/ e ?mail /.test(words) && emails >= 0.5) {
    return { target: { kind: 'email' }, reason: `the header mentions email and ${percent(emails)} of sampled values are email addresses`, confidence: 0.85 };
  }
  if (/ (phone|mobile|cell|sms|tel) /.test(words) && !/ country /.test(words) && phones >= 0.5) {
    return { target: { kind: 'phone' }, reason: `the header mentions a phone and ${percent(phones)} of sampled values look like phone numbers`, confidence: 0.85 };
  }
  if (emails >= 0.8) return { target: { kind: 'email' }, reason: `${percent(emails)} of sampled values are email addresses`, confidence: Math.min(0.9, emails * 0.9) };
  if (phones >= 0.8 && propertyType(values, region) !== 'number') {
    return { target: { kind: 'phone' }, reason: `${percent(phones)} of sampled values look like phone numbers`, confidence: Math.min(0.8, phones * 0.8) };
  }
  return property(column, region, null);
}

/** Names the SFTP file already uses for identifiers and profile fields: a property must not take them. */
const RESERVED = new Set([...Object.values(IDENTIFIER_HEADERS), ...PROFILE_FIELDS, ...LOCATION_FIELDS].map((n) => n.toLowerCase()));

function property(column: ColumnSample, region: string, why: string | null): MappingSuggestion {
  const type = propertyType(column.values, region);
  const header = column.header.trim() || `column_${column.index + 1}`;
  const name = RESERVED.has(header.toLowerCase()) ? `${header} (column ${column.index + 1})` : header;
  const typed = type === 'string' ? 'kept as a text property' : `kept as a ${type} property (every sampled value is a ${type})`;
  return { target: { kind: 'property', name, type }, reason: why ? `${why}: ${typed}` : `no profile field matches "${column.header}": ${typed}`, confidence: why ? 0.4 : 0.6 };
}

/** One key per target that only one column may fill. */
function slot(target: Target): string | null {
  switch (target.kind) {
    case 'email': case 'phone': case 'externalId': case 'phoneCountry': return target.kind;
    case 'field': return `field:${target.field}`;
    case 'property': return `property:${target.name}`;
    case 'ignore': return null;
  }
}

/**
 * Suggestions for every column, with one column per identifier, field and property: the most
 * confident (then the fullest) keeps the target; the others become text properties. A PhoneCountry
 * column without a phone column is ignored.
 */
export function suggestMapping(columns: ColumnSample[], region: string): { suggestions: MappingSuggestion[]; mapping: Mapping } {
  const suggestions = columns.map((c) => suggestColumn(c, region));
  const ranked = columns.map((c, i) => i).sort((a, b) =>
    suggestions[b]!.confidence - suggestions[a]!.confidence || columns[b]!.fillRate - columns[a]!.fillRate || a - b);
  const taken = new Map<string, number>();
  for (const i of ranked) {
    const key = slot(suggestions[i]!.target);
    if (key === null) continue;
    const winner = taken.get(key);
    if (winner === undefined) {
      taken.set(key, i);
      continue;
    }
    const label = formatTarget(suggestions[i]!.target);
    const fallback = property(columns[i]!, region, `"${columns[winner]!.header}" is a better ${label} column`);
    const name = fallback.target.kind === 'property' ? fallback.target.name : '';
    suggestions[i] = taken.has(`property:${name}`)
      ? { target: { kind: 'ignore' }, reason: `"${columns[winner]!.header}" is a better ${label} column`, confidence: 0.4 }
      : fallback;
    const again = slot(suggestions[i]!.target);
    if (again) taken.set(again, i);
  }
  if (taken.has('phoneCountry') && !taken.has('phone')) {
    const i = taken.get('phoneCountry')!;
    suggestions[i] = { target: { kind: 'ignore' }, reason: 'a phone country only helps read a phone column, and there is none', confidence: 0.5 };
  }
  const mappingColumns: ColumnMapping[] = columns.map((c, i) => ({ index: c.index, header: c.header, target: suggestions[i]!.target }));
  return { suggestions, mapping: { columns: mappingColumns, defaultRegion: region } };
}
