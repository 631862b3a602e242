/**
 * The mapping screen's target picker works on flat string choices (a <select> value); these helpers
 * turn choices into shared/mapping.ts Targets and back, and name targets in plain words.
 */
import {
  LOCATION_FIELDS, PROFILE_FIELDS, type LocationField, type Mapping, type ProfileField, type PropertyType,
  type Target,
} from '../../../shared/mapping';

export type TargetChoice =
  | 'email' | 'phone' | 'externalId' | 'phoneCountry' | 'ignore' | 'property'
  | `field:${ProfileField | LocationField}`;

const FIELD_LABELS: Record<ProfileField | LocationField, string> = {
  first_name: 'First name', last_name: 'Last name', organization: 'Organization', title: 'Job title',
  locale: 'Locale', image: 'Image URL', address1: 'Address line 1', address2: 'Address line 2',
  city: 'City', region: 'State / region', country: 'Country', zip: 'ZIP / postal code',
  timezone: 'Time zone', latitude: 'Latitude', longitude: 'Longitude',
};

export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  string: 'Text', number: 'Number', boolean: 'Yes / no', date: 'Date',
};

export interface ChoiceGroup {
  label: string;
  options: Array<{ value: TargetChoice; label: string }>;
}

/** The picker's options, grouped the way a marketer thinks about them. */
export const TARGET_GROUPS: ChoiceGroup[] = [
  {
    label: 'Identifiers',
    options: [
      { value: 'email', label: 'Email' },
      { value: 'phone', label: 'PhoneNumber' },
      { value: 'externalId', label: 'ExternalID' },
      { value: 'phoneCountry', label: 'PhoneCountry (helps read phone numbers)' },
    ],
  },
  {
    label: 'Profile fields',
    options: PROFILE_FIELDS.map((f) => ({ value: `field:${f}` as const, label: FIELD_LABELS[f] })),
  },
  {
    label: 'Location',
    options: LOCATION_FIELDS.map((f) => ({ value: `field:${f}` as const, label: FIELD_LABELS[f] })),
  },
  {
    label: 'Other',
    options: [
      { value: 'property', label: 'Custom property…' },
      { value: 'ignore', label: 'Ignore this column' },
    ],
  },
];

export function targetToChoice(target: Target): TargetChoice {
  switch (target.kind) {
    case 'field': return `field:${target.field}`;
    default: return target.kind;
  }
}

const FIELD_SET: ReadonlySet<string> = new Set([...PROFILE_FIELDS, ...LOCATION_FIELDS]);

/**
 * The Target for a picked choice. A custom property keeps the name and type it already had, or
 * starts from the column's header as a text property.
 */
export function choiceToTarget(choice: string, header: string, previous: Target): Target {
  if (choice === 'email' || choice === 'phone' || choice === 'externalId' || choice === 'phoneCountry' || choice === 'ignore') {
    return { kind: choice };
  }
  if (choice === 'property') {
    if (previous.kind === 'property') return previous;
    return { kind: 'property', name: propertyNameFromHeader(header), type: 'string' };
  }
  if (choice.startsWith('field:')) {
    const field = choice.slice('field:'.length);
    if (FIELD_SET.has(field)) return { kind: 'field', field: field as ProfileField | LocationField };
  }
  return { kind: 'ignore' };
}

/** A property name from a header: trimmed, inner whitespace collapsed; "column" when blank. */
export function propertyNameFromHeader(header: string): string {
  const name = header.trim().replace(/\s+/g, ' ');
  return name === '' ? 'column' : name.slice(0, 200);
}

/** A target in words: "Email", "City", "Custom property “plan” (Number)", "Ignored". */
export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'email': return 'Email';
    case 'phone': return 'PhoneNumber';
    case 'externalId': return 'ExternalID';
    case 'phoneCountry': return 'PhoneCountry';
    case 'ignore': return 'Ignored';
    case 'field': return FIELD_LABELS[target.field];
    case 'property': return `Custom property “${target.name}” (${PROPERTY_TYPE_LABELS[target.type]})`;
  }
}

/** A new mapping with one column's target replaced (mappings are immutable in the stores). */
export function withColumnTarget(mapping: Mapping, index: number, target: Target): Mapping {
  return {
    ...mapping,
    columns: mapping.columns.map((c) => (c.index === index ? { ...c, target } : c)),
  };
}

/** True when two targets mean the same thing (used to mark a column as changed from its suggestion). */
export function sameTarget(a: Target, b: Target): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'field' && b.kind === 'field') return a.field === b.field;
  if (a.kind === 'property' && b.kind === 'property') return a.name === b.name && a.type === b.type;
  return true;
}

/** Confidence as a word, so a percentage is not the only signal. */
export function confidenceLabel(confidence: number): 'High' | 'Medium' | 'Low' {
  if (confidence >= 0.8) return 'High';
  if (confidence >= 0.5) return 'Medium';
  return 'Low';
}
