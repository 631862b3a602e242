/** A mapping checked against the file's header and turned into column indexes for the hot loop. */
import { AppError } from '../../../shared/errors';
import { mappingProblems, IDENTIFIER_HEADERS, type Mapping, type PropertyType } from '../../../shared/mapping';
import type { ProfileValueField } from './types';

export type ValueColumn =
  | { column: number; header: string; kind: 'field'; name: ProfileValueField }
  | { column: number; header: string; kind: 'property'; name: string; type: PropertyType };

export interface CompiledMapping {
  /** Fields every record must have (the header's count). */
  width: number;
  /** Column indexes, -1 when not mapped. */
  email: number;
  phone: number;
  externalId: number;
  phoneCountry: number;
  /** Fields and properties in mapping order. */
  values: ValueColumn[];
  defaultRegion: string;
}

function invalid(problems: string[]): AppError {
  const message = problems.length === 1 ? problems[0]! : `The mapping needs fixing: ${problems.join(' ')}`;
  return new AppError({ code: 'INVALID_MAPPING', message, details: { problems: problems.length } });
}

/** Throws INVALID_MAPPING when the mapping cannot be used (as it is, or with this file's header). */
export function checkMapping(mapping: Mapping): void {
  const problems = mappingProblems(mapping);
  if (problems.length > 0) throw invalid(problems);
}

/**
 * `checkNames: false` trusts the column indexes even where the header's names differ;
 * `checkProblems: false` compiles a mapping mappingProblems objects to (for previews).
 */
export function compileMapping(mapping: Mapping, headers: string[], options: { checkNames?: boolean; checkProblems?: boolean } = {}): CompiledMapping {
  if (options.checkProblems !== false) checkMapping(mapping);
  const problems: string[] = [];
  const compiled: CompiledMapping = {
    width: headers.length, email: -1, phone: -1, externalId: -1, phoneCountry: -1, values: [], defaultRegion: mapping.defaultRegion,
  };
  for (const { index, header, target } of mapping.columns) {
    if (index >= headers.length) {
      problems.push(`The mapping uses column ${index + 1} ("${header}") but the file has ${headers.length} columns.`);
      continue;
    }
    if (options.checkNames !== false && headers[index] !== header) {
      problems.push(`Column ${index + 1} is "${headers[index]}" in the file, but the mapping expects "${header}": inspect the file again.`);
      continue;
    }
    switch (target.kind) {
      case 'email': compiled.email = index; break;
      case 'phone': compiled.phone = index; break;
      case 'externalId': compiled.externalId = index; break;
      case 'phoneCountry': compiled.phoneCountry = index; break;
      case 'field': compiled.values.push({ column: index, header, kind: 'field', name: target.field }); break;
      case 'property': compiled.values.push({ column: index, header, kind: 'property', name: target.name, type: target.type }); break;
      case 'ignore': break;
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return compiled;
}

/** The SFTP-ready header: identifiers in Klaviyo's order, then fields and properties by name. */
export function audienceColumns(compiled: CompiledMapping): string[] {
  const names: string[] = [];
  if (compiled.email >= 0) names.push(IDENTIFIER_HEADERS.email);
  if (compiled.phone >= 0) names.push(IDENTIFIER_HEADERS.phone);
  if (compiled.externalId >= 0) names.push(IDENTIFIER_HEADERS.externalId);
  for (const value of compiled.values) names.push(value.name);
  const seen = new Set<string>();
  const clashes = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (clashes.length > 0) {
    throw invalid([`Two columns would both be called "${clashes[0]}" in the export: rename the property or ignore one of them.`]);
  }
  return names;
}
