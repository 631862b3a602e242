/**
 * The one streaming pass over a file, driven from the reading thread: read → hash → decode → cut at
 * record boundaries → stage (stage workers: parse, map, normalize, validate, phones, render) →
 * settle in file order (deduplicate, count) → output. Several slices are in flight at once.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Encoding, HeaderFix } from '../../../shared/audience';
import type { Mapping } from '../../../shared/mapping';
import { checkMapping, compileMapping, type CompiledMapping } from './compile-mapping';
import { detectDialect, type Dialect } from './csv-dialect';
import { fileEmpty, unclosedQuote } from './file-errors';
import { CHUNK_BYTES, fileInfo, readChunks, type FileInfo } from './file-source';
import { fixHeaders } from './headers';
import { countBreaksIn, lastBoundary } from './record-boundary';
import { readHeader } from './parse-slice';
import { Settler, type SettleOutput } from './settle';
import { SliceRecords } from './slice-records';
import { maskWords, rejectPayload, type SliceRequest, type SliceResult } from './stage';
import type { StagePool } from './stage-pool';
import { createDecoder, sniffBytes, type ChunkDecoder } from './sniff';
import type { PrepareProgress, PrepareResult } from './types';

export interface PassContext {
  info: FileInfo;
  headers: string[];
  compiled: CompiledMapping;
  /** Records the file probably holds, from the first chunk's density: for sizing tables once. */
  expectedRecords: number;
}

/**
 * From the first chunk: its lines per byte, over the whole file. Capped at a million: tables must grow
 * with distinct people, not with file size, and a huge file of repeats must not reserve memory it
 * never uses (past the cap, tables grow as they fill).
 */
function estimateRecords(info: FileInfo, chunkBytes: number, text: string): number {
  const lines = Math.max(1, countBreaksIn(text));
  return Math.min(1_000_000, Math.max(1024, Math.ceil((info.sizeBytes / chunkBytes) * lines * 1.05)));
}

export interface PassOptions {
  path: string;
  mapping: Mapping;
  mode: 'export' | 'batches';
  pool: StagePool;
  /** Called once the header is known (again after a restart). */
  openOutput(context: PassContext): SettleOutput | Promise<SettleOutput>;
  onProgress?(progress: PrepareProgress): void;
  chunkBytes?: number;
}

/** A record longer than this is an unclosed quote, not data (Klaviyo's limit is 100 KB). */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

/** Thrown inside an attempt when a later chunk is not UTF-8: the pass restarts as Windows-1252. */
class NotUtf8 extends Error {
  constructor(readonly offset: number) {
    super('not utf-8');
  }
}

export async function runPass(options: PassOptions): Promise<PrepareResult> {
  const started = performance.now();
  const info = await fileInfo(options.path);
  if (info.sizeBytes === 0) throw fileEmpty(info.name, false);
  checkMapping(options.mapping);
  const state = { seq: 0, output: null as SettleOutput | null };
  try {
    return await attempt(options, info, started, state, null, null);
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    await state.output?.reset();
    const mb = Math.max(1, Math.floor(error.offset / (1024 * 1024)));
    const note = `Not valid UTF-8 after the first ${mb} MB: the whole file was read as Windows-1252 (Western European).`;
    return await attempt(options, info, started, state, 'windows-1252', note);
  }
}

async function attempt(
  options: PassOptions, info: FileInfo, started: number, state: { seq: number; output: SettleOutput | null },
  forced: Encoding | null, forcedNote: string | null,
): Promise<PrepareResult> {
  const hash = createHash('sha256');
  let encoding: Encoding = forced ?? 'utf-8';
  let encodingNote = forcedNote;
  let decoder: ChunkDecoder | null = null;
  let dialect: Dialect | null = null;
  let headers: { headers: string[]; fixes: HeaderFix[] } | null = null;
  let settler: Settler | null = null;
  let output: SettleOutput | null = null;
  let carry = '';
  let line = 1;
  let bytesRead = 0;
  let lastProgress = 0;
  const pending: Array<{ slice: SliceRequest; staged: Promise<SliceResult> }> = [];

  const progress = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    options.onProgress?.({ bytesRead, totalBytes: info.sizeBytes, rows: settler?.counts.records ?? 0 });
  };
  const settleOldest = async () => {
    const { slice, staged } = pending.shift()!;
    settler!.settle(await staged, slice);
    await output!.flush();
    progress(false);
  };
  const dispatch = async (text: string) => {
    const slice: SliceRequest = { seq: state.seq++, text, startLine: line };
    const staged = options.pool.stage(slice);
    // Abandoned when the pass fails or restarts: its rejection must not go unhandled.
    staged.catch(() => undefined);
    pending.push({ slice, staged });
    line += countBreaksIn(text);
    while (pending.length >= options.pool.capacity) await settleOldest();
  };

  for await (const bytes of readChunks(info, options.chunkBytes ?? CHUNK_BYTES)) {
    const first = bytesRead === 0;
    bytesRead += bytes.length;
    const last = bytesRead >= info.sizeBytes;
    hash.update(bytes);
    if (first) {
      const sniffed = sniffBytes(bytes, info.name, last);
      if (!forced) ({ encoding, note: encodingNote } = sniffed);
      decoder = createDecoder(encoding);
    }
    let text: string;
    try {
      text = decoder!.decode(bytes, { stream: !last });
    } catch (error) {
      if (encoding === 'utf-8') throw new NotUtf8(bytesRead - bytes.length);
      throw new AppError({ code: 'FILE_UNREADABLE', message: `"${info.name}" says it is ${encoding.toUpperCase()} but has bytes that aren't, near byte ${bytesRead - bytes.length}: save it again as CSV UTF-8 and try again.` }, { cause: error });
    }
    carry = carry.length > 0 ? carry + text : text;
    dialect ??= detectDialect(carry);
    if (!headers) {
      const header = readHeader(carry, dialect, last);
      if (!header) {
        if (carry.length > MAX_RECORD_CHARS) throw unclosedQuote(info.name, 1, MAX_RECORD_CHARS / (1024 * 1024));
        continue;
      }
      headers = fixHeaders(header.raw);
      // After a restart the names may read differently (the header was decoded as UTF-8 before).
      const compiled = compileMapping(options.mapping, headers.headers, { checkNames: forced === null });
      const expectedRecords = estimateRecords(info, bytesRead, carry);
      options.pool.configure({ compiled, delimiter: dialect.delimiter, newline: dialect.newline, mode: options.mode, expectedRecords });
      output = await options.openOutput({ info, headers: headers.headers, compiled, expectedRecords });
      state.output = output;
      const records = new SliceRecords(dialect.delimiter, dialect.newline);
      settler = new Settler(maskWords(compiled), (slice, at, next) => records.values(slice, at, next),
        (values) => rejectPayload(options.mode, compiled.width, values), output,
        { expectedPeople: expectedRecords, mapped: { email: compiled.email >= 0, phone: compiled.phone >= 0, externalId: compiled.externalId >= 0 } });
      carry = carry.slice(header.end);
      line = header.nextLine;
    }
    const cut = last ? carry.length : lastBoundary(carry, dialect.delimiter, dialect.newline);
    if (cut > 0) {
      const slice = carry.slice(0, cut);
      carry = carry.slice(cut);
      await dispatch(slice);
    }
    if (carry.length > MAX_RECORD_CHARS) throw unclosedQuote(info.name, line, MAX_RECORD_CHARS / (1024 * 1024));
  }
  while (pending.length > 0) await settleOldest();
  if (!headers || !settler) throw fileEmpty(info.name, false);
  const counts = settler.counts;
  if (counts.records === counts.blank) throw fileEmpty(info.name, true);
  progress(true);
  return {
    counts, encoding, encodingNote, delimiter: dialect!.delimiter,
    headers: headers.headers, headerFixes: headers.fixes,
    sizeBytes: info.sizeBytes, sha256: hash.digest('hex'), durationMs: Math.round(performance.now() - started),
  };
}
