/**
 * The start of a file, read once for inspect and previewMapping: at most SAMPLE_BYTES, at most
 * SAMPLE_ROWS data records. Encoding, delimiter and header are judged exactly as the pass judges them.
 */
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { Delimiter, Encoding, HeaderFix } from '../../../shared/audience';
import { detectDialect, type Newline } from './csv-dialect';
import { fileEmpty, fileNotCsv, readFailed } from './file-errors';
import { fileInfo, SAMPLE_BYTES, type FileInfo } from './file-source';
import { fixHeaders } from './headers';
import { createParser, endOfRecords, parseSlice, readHeader } from './parse-slice';
import { createDecoder, sniffBytes } from './sniff';

export const SAMPLE_ROWS = 2000;

export interface SampleRecord {
  line: number;
  values: string[];
}

export interface FileSample {
  info: FileInfo;
  encoding: Encoding;
  encodingNote: string | null;
  delimiter: Delimiter;
  newline: Newline;
  headers: string[];
  headerFixes: HeaderFix[];
  /** Data records (blank ones included), at most SAMPLE_ROWS. */
  records: SampleRecord[];
  /** The sampled records' text (after the header), and the line it starts on: what previewMapping stages. */
  body: string;
  bodyStartLine: number;
  /** The whole file was read (so rowEstimate is exact). */
  complete: boolean;
  rowEstimate: number;
}

function byteLength(text: string, encoding: Encoding): number {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return text.length * 2;
  if (encoding === 'windows-1252') return text.length;
  return Buffer.byteLength(text);
}

export async function readSample(path: string): Promise<FileSample> {
  const info = await fileInfo(path);
  if (info.sizeBytes === 0) throw fileEmpty(info.name, false);
  const bytes = Buffer.alloc(Math.min(info.sizeBytes, SAMPLE_BYTES));
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(bytes, 0, bytes.length, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw readFailed(error, path);
  }
  const complete = bytes.length >= info.sizeBytes;
  const { encoding, note } = sniffBytes(bytes, info.name, complete);
  let text: string;
  try {
    text = createDecoder(encoding).decode(bytes, { stream: !complete });
  } catch (error) {
    throw new AppError({ code: 'FILE_UNREADABLE', message: `"${info.name}" says it is ${encoding.toUpperCase()} but has bytes that aren't: save it again as CSV UTF-8 and try again.` }, { cause: error });
  }
  const dialect = detectDialect(text);
  const header = readHeader(text, dialect, complete);
  if (!header) {
    if (complete) throw fileEmpty(info.name, false);
    throw fileNotCsv(info.name, 'a file whose first line is over 1 MB long');
  }
  const { headers, fixes } = fixHeaders(header.raw);
  const rest = text.slice(header.end);
  // Cut after SAMPLE_ROWS records, or after the last complete one.
  const probe = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, preview: SAMPLE_ROWS });
  const probed = probe.parse(rest, 0, !complete) as { data: string[][] };
  const body = complete && probed.data.length < SAMPLE_ROWS ? rest : rest.slice(0, endOfRecords(rest, probed.data));
  const parsed = parseSlice(createParser(dialect.delimiter, dialect.newline), body, dialect.newline, header.nextLine);
  const records = parsed.records.map((values, i) => ({ line: parsed.lines[i]!, values }));
  if (complete && records.length < SAMPLE_ROWS && !records.some((r) => r.values.some((v) => v.trim() !== ''))) throw fileEmpty(info.name, true);
  let rowEstimate = records.length;
  if (complete && body.length < rest.length) {
    rowEstimate = parseSlice(createParser(dialect.delimiter, dialect.newline), rest, dialect.newline, header.nextLine).records.length;
  } else if (body.length < rest.length && records.length > 0) {
    const headerBytes = byteLength(text.slice(0, header.end), encoding);
    const perRecord = byteLength(body, encoding) / records.length;
    rowEstimate = Math.max(records.length, Math.round((info.sizeBytes - headerBytes) / perRecord));
  }
  return {
    info, encoding, encodingNote: note, delimiter: dialect.delimiter, newline: dialect.newline,
    headers, headerFixes: fixes, records, body, bodyStartLine: header.nextLine, complete, rowEstimate,
  };
}
