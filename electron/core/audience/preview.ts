/**
 * previewMapping: the sampled rows under a (possibly edited) mapping — how valid each column's values
 * are for their target, before/after samples, and what the rows would become (the same staging and
 * deduplication as the full pass, over the sample only).
 */
import type { ColumnPreview, NormalizedSample, PreviewMappingResult } from '../../../shared/audience';
import { AppError } from '../../../shared/errors';
import { mappingProblems, type ColumnMapping, type Mapping } from '../../../shared/mapping';
import { compileMapping } from './compile-mapping';
import { resolveCountry } from './country';
import { normalizeEmail } from './email';
import { JsonBatchOutput } from './json-output';
import { PhoneCache } from './phone-cache';
import { formatE164, isValidPhoneCode, parsePhoneKey, phoneLookup, phoneProblem } from './phone';
import { readSample, type FileSample } from './sample';
import { emptyCounts, Settler } from './settle';
import { SliceRecords } from './slice-records';
import { maskWords, rejectPayload, Stager } from './stage';
import { convertValue, valueProblem } from './values';

const SAMPLES = 8;

interface Judged { after: string | null; problem: string | null }

/** How one value fares under a column's target. */
function judge(column: ColumnMapping, value: string, rowValues: string[], mapping: Mapping, countryColumn: number): Judged {
  const target = column.target;
  switch (target.kind) {
    case 'email': {
      const result = normalizeEmail(value);
      return result.ok ? { after: result.value, problem: null } : { after: null, problem: result.problem };
    }
    case 'phone': {
      let region = mapping.defaultRegion;
      const country = countryColumn >= 0 ? rowValues[countryColumn]?.trim() ?? '' : '';
      if (country !== '' && !value.startsWith('+')) {
        const resolved = resolveCountry(country);
        if (!resolved) return { after: null, problem: `country "${country}" is not one we know` };
        region = resolved;
      }
      const lookup = phoneLookup(value, region);
      const code = parsePhoneKey(lookup.key, lookup.region);
      return isValidPhoneCode(code) ? { after: formatE164(code), problem: null } : { after: null, problem: phoneProblem(value, code, lookup.region) };
    }
    case 'phoneCountry': {
      const resolved = resolveCountry(value);
      return resolved ? { after: resolved, problem: null } : { after: null, problem: `"${value}" is not a country we know` };
    }
    case 'property': {
      const converted = convertValue(value, target.type, mapping.defaultRegion);
      return converted === undefined ? { after: null, problem: valueProblem(value, target.type) } : { after: String(converted), problem: null };
    }
    case 'externalId':
    case 'field':
      return { after: value, problem: null };
    case 'ignore':
      return { after: null, problem: null };
  }
}

function previewColumn(sample: FileSample, column: ColumnMapping, mapping: Mapping, countryColumn: number): ColumnPreview {
  const rows = sample.records.filter((r) => r.values.length === sample.headers.length);
  const judged = rows
    .map((r) => ({ value: r.values[column.index]?.trim() ?? '', row: r.values }))
    .filter((v) => v.value !== '')
    .map((v) => ({ before: v.value, ...judge(column, v.value, v.row, mapping, countryColumn) }));
  const valid = judged.filter((j) => j.problem === null).length;
  const seen = new Set<string>();
  const samples: NormalizedSample[] = [];
  // Problems first: they are what a person needs to see.
  for (const j of [...judged.filter((x) => x.problem !== null), ...judged.filter((x) => x.problem === null)]) {
    if (samples.length >= SAMPLES || seen.has(j.before)) continue;
    seen.add(j.before);
    samples.push({ before: j.before, after: j.after, problem: j.problem });
  }
  return { index: column.index, target: column.target, validity: judged.length === 0 ? 1 : valid / judged.length, samples };
}

export async function previewMapping(path: string, mapping: Mapping): Promise<PreviewMappingResult> {
  const sample = await readSample(path);
  const problems = mappingProblems(mapping);
  let compiled;
  try {
    compiled = compileMapping(mapping, sample.headers, { checkProblems: false });
  } catch (error) {
    if (!AppError.is(error, 'INVALID_MAPPING')) throw error;
    return { columns: [], sampleCounts: emptyCounts(), sampleSize: sample.records.length, problems: [...problems, error.message] };
  }
  const countryColumn = compiled.phoneCountry;
  const columns = mapping.columns.map((c) => previewColumn(sample, c, mapping, countryColumn));
  const cache = new PhoneCache();
  const config = { compiled, delimiter: sample.delimiter, newline: sample.newline, mode: 'batches' as const };
  const stager = new Stager(config, (keys, regions) => cache.resolve(keys, regions));
  const output = new JsonBatchOutput(compiled, async () => undefined, async () => undefined);
  const records = new SliceRecords(sample.delimiter, sample.newline);
  const settler = new Settler(maskWords(compiled), (slice, line, next) => records.values(slice, line, next),
    (values) => rejectPayload('batches', compiled.width, values), output);
  const slice = { seq: 0, text: sample.body, startLine: sample.bodyStartLine };
  settler.settle(await stager.stage(slice), slice);
  return { columns, sampleCounts: settler.counts, sampleSize: sample.records.length, problems };
}
