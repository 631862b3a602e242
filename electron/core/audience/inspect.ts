/** inspectFile: what a file is and how to map it, from its first megabyte (fast for any size). */
import type { ColumnInsight, InspectResult } from '../../../shared/audience';
import { describeHeaderFixes } from './headers';
import { readSample, type FileSample } from './sample';
import { suggestMapping, type ColumnSample } from './suggest';

const PREVIEW_ROWS = 50;
const SAMPLES_PER_COLUMN = 5;

const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes' };

/** The sampled values of each column (non-blank records with the header's field count). */
export function columnSamples(sample: FileSample): ColumnSample[] {
  const rows = sample.records.filter((r) => r.values.length === sample.headers.length && r.values.some((v) => v.trim() !== ''));
  return sample.headers.map((header, index) => {
    const values = rows.map((r) => r.values[index]!.trim()).filter((v) => v !== '');
    return { index, header, values, fillRate: rows.length === 0 ? 0 : values.length / rows.length };
  });
}

function warnings(sample: FileSample): string[] {
  const out: string[] = [];
  if (sample.encodingNote) out.push(sample.encodingNote);
  out.push(...describeHeaderFixes(sample.headerFixes));
  const width = sample.headers.length;
  const nonBlank = sample.records.filter((r) => r.values.some((v) => v.trim() !== ''));
  const wrong = nonBlank.filter((r) => r.values.length !== width);
  if (wrong.length > 0) {
    const lines = wrong.slice(0, 3).map((r) => r.line).join(', ');
    out.push(`${wrong.length} of the first ${nonBlank.length.toLocaleString('en-US')} rows don't have ${width} fields like the header (lines ${lines}${wrong.length > 3 ? ', …' : ''}): they will be rejected.`);
  }
  const blank = sample.records.length - nonBlank.length;
  if (blank > 0) out.push(`${blank} blank line${blank === 1 ? '' : 's'} among the first rows (counted as blank, not people).`);
  if (width === 1) out.push(`Only one column was found. If the file separates values with something other than ${DELIMITER_NAMES[sample.delimiter]}, it can't be read correctly.`);
  return out;
}

export async function inspectFile(path: string, options: { defaultRegion?: string } = {}): Promise<InspectResult> {
  const sample = await readSample(path);
  const region = options.defaultRegion ?? 'US';
  const samples = columnSamples(sample);
  const { suggestions, mapping } = suggestMapping(samples, region);
  const columns: ColumnInsight[] = samples.map((c, i) => ({
    index: c.index,
    header: c.header,
    samples: [...new Set(c.values)].slice(0, SAMPLES_PER_COLUMN),
    fillRate: c.fillRate,
    suggestion: suggestions[i]!,
  }));
  return {
    file: { path: sample.info.path, name: sample.info.name, sizeBytes: sample.info.sizeBytes, modifiedMs: sample.info.modifiedMs },
    encoding: sample.encoding,
    encodingNote: sample.encodingNote,
    delimiter: sample.delimiter,
    headers: sample.headers,
    headerFixes: sample.headerFixes,
    rowEstimate: sample.rowEstimate,
    rowCountExact: sample.complete,
    preview: sample.records.filter((r) => r.values.some((v) => v.trim() !== '')).slice(0, PREVIEW_ROWS).map((r) => r.values),
    columns,
    suggestedMapping: mapping,
    warnings: warnings(sample),
  };
}
