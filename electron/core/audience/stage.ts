/**
 * Staging: everything about a row that does not depend on other rows — mapping, normalization,
 * validation, phone numbers — plus the output the row would produce, pre-rendered. Runs in the stage
 * workers (or in the reading thread for small files); the reading thread then only deduplicates.
 *
 * A slice's result is columnar and compact so it crosses threads cheaply: typed arrays, and every
 * string of the slice packed into one (`pack`, cut at `ends`). Per row, in order:
 * - blank: nothing;
 * - rejected: message, payload;
 * - candidate: email, phone, external id ('' = none), payload. (If the reading thread rejects it as
 *   a conflict, it reads the original values from its copy of the slice: see SliceRecords.)
 * Payloads: in export mode the rendered audience line (CRLF-terminated), or for rejected rows the
 * rejects report's original-values cells; in batches mode the NormalizedProfile as JSON, or the
 * original values as JSON (see rejectPayload).
 */
import type Papa from 'papaparse';
import { REJECT_REASONS, type Delimiter, type RejectReason } from '../../../shared/audience';
import type { CompiledMapping } from './compile-mapping';
import { resolveCountry } from './country';
import type { Newline } from './csv-dialect';
import { csvCell, csvLine, spreadsheetCell } from './csv-write';
import { normalizeEmail } from './email';
import { createParser, parseSlice } from './parse-slice';
import { hash64 } from './identity-index';
import { formatE164, isValidPhoneCode, phoneLookup, phoneProblem } from './phone';
import type { NormalizedProfile, PropertyValue } from './types';
import { convertValue, valueProblem } from './values';

export const KIND_BLANK = 0;
export const KIND_REJECTED = 1;
export const KIND_CANDIDATE = 2;

/** Klaviyo's bulk import limit per profile. */
export const PROFILE_LIMIT_BYTES = 100 * 1024;

export interface StageConfig {
  compiled: CompiledMapping;
  delimiter: Delimiter;
  newline: Newline;
  mode: 'export' | 'batches';
  /** Records the file probably holds (sizes phone caches once). */
  expectedRecords?: number;
}

export interface SliceRequest {
  seq: number;
  text: string;
  startLine: number;
}

export interface SliceResult {
  seq: number;
  count: number;
  kinds: Uint8Array;
  lines: Int32Array;
  /** Index into REJECT_REASONS, for rejected rows. */
  reasons: Uint8Array;
  /** Which value columns (fields, properties) each row fills: `maskWords` words per row. */
  masks: Uint32Array;
  /** Per row, the 64-bit hashes of its email, phone and external id (high, low each; see hash64). */
  idHashes: Int32Array;
  pack: string;
  ends: Int32Array;
}

/** Resolves phone keys to PhoneCodes (see phone.ts), here or in other threads. */
export type PhoneLookup = (keys: string[], regions: string[]) => Float64Array | Promise<Float64Array>;

export function maskWords(compiled: CompiledMapping): number {
  return Math.max(1, Math.ceil(compiled.values.length / 32));
}

/** A rejected row's original values as its output wants them (see the file comment). */
export function rejectPayload(mode: StageConfig['mode'], width: number, values: string[]): string {
  if (mode === 'batches') return JSON.stringify(values);
  const cells = values.slice(0, width);
  while (cells.length < width) cells.push('');
  cells.push(values.length > width ? values.slice(width).join(', ') : '');
  return csvLine(cells, spreadsheetCell).slice(0, -2);
}

/** The profile as Klaviyo's bulk import would receive it, in UTF-8 bytes. */
export function profileBytes(profile: NormalizedProfile): number {
  return Buffer.byteLength(JSON.stringify({
    type: 'profile',
    attributes: { email: profile.email, phone_number: profile.phone, external_id: profile.externalId, ...profile.fields, properties: profile.properties },
  }));
}

const REASON_INDEX = new Map<RejectReason, number>(REJECT_REASONS.map((r, i) => [r, i]));

/** One row between staging and rendering. A single shape for every kind keeps the hot loops monomorphic. */
class Row {
  kind = KIND_CANDIDATE;
  reason: RejectReason = 'field_count';
  message = '';
  email: string | null = null;
  externalId: string | null = null;
  /** Per value column (fields, properties): the normalized value, or undefined when empty. */
  converted: Array<PropertyValue | undefined> = [];
  phoneRaw = '';
  region = '';
  /** Index into the slice's phone lookups, -1 without a phone. */
  request = -1;

  constructor(readonly line: number, readonly values: string[]) {}

  reject(reason: RejectReason, message: string): Row {
    this.kind = KIND_REJECTED;
    this.reason = reason;
    this.message = message;
    return this;
  }
}

function isBlank(values: string[]): boolean {
  for (const value of values) if (value.length > 0 && value.trim() !== '') return false;
  return true;
}

export class Stager {
  private readonly parser: Papa.Parser;
  private readonly words: number;

  constructor(private readonly config: StageConfig, private readonly phones: PhoneLookup) {
    this.parser = createParser(config.delimiter, config.newline);
    this.words = maskWords(config.compiled);
  }

  async stage(request: SliceRequest): Promise<SliceResult> {
    const { records, lines } = parseSlice(this.parser, request.text, this.config.newline, request.startLine);
    const rows = new Array<Row>(records.length);
    const keys: string[] = [];
    const regions: string[] = [];
    const requests = new Map<string, number>();
    const defaultRegion = this.config.compiled.defaultRegion;
    for (let r = 0; r < records.length; r++) {
      const row = this.stageRecord(new Row(lines[r]!, records[r]!));
      rows[r] = row;
      if (row.kind !== KIND_CANDIDATE || row.phoneRaw === '') continue;
      const { key, region } = phoneLookup(row.phoneRaw, row.region);
      // Numbers read in the default region (or written with +) need no region in the key: most rows.
      const id = region === '' || region === defaultRegion ? key : `${key}\u0000${region}`;
      let index = requests.get(id);
      if (index === undefined) {
        index = keys.length;
        requests.set(id, index);
        keys.push(key);
        regions.push(region);
      }
      row.request = index;
      row.region = region;
    }
    const codes = keys.length > 0 ? await this.phones(keys, regions) : new Float64Array(0);
    return this.render(request, rows, codes);
  }

  private render(request: SliceRequest, rows: Row[], codes: Float64Array): SliceResult {
    const count = rows.length;
    const words = this.words;
    const { mode, compiled } = this.config;
    const kinds = new Uint8Array(count);
    const lines = new Int32Array(count);
    const reasons = new Uint8Array(count);
    const masks = new Uint32Array(count * words);
    const idHashes = new Int32Array(count * 6);
    const ends = new Int32Array(count * 4);
    const parts: string[] = [];
    let length = 0;
    let piece = 0;
    for (let r = 0; r < count; r++) {
      const row = rows[r]!;
      lines[r] = row.line;
      let phone: string | null = null;
      if (row.request >= 0) {
        const code = codes[row.request]!;
        if (isValidPhoneCode(code)) phone = formatE164(code);
        else row.reject('invalid_phone', phoneProblem(row.phoneRaw, code, row.region));
      }
      kinds[r] = row.kind;
      if (row.kind === KIND_REJECTED) {
        reasons[r] = REASON_INDEX.get(row.reason)!;
        const payload = rejectPayload(mode, compiled.width, row.values);
        parts.push(row.message, payload);
        ends[piece++] = length += row.message.length;
        ends[piece++] = length += payload.length;
      } else if (row.kind === KIND_CANDIDATE) {
        const converted = row.converted;
        for (let i = 0; i < converted.length; i++) if (converted[i] !== undefined) masks[r * words + (i >>> 5)]! |= 1 << (i & 31);
        const payload = mode === 'export' ? this.audienceLine(row, phone) : JSON.stringify(this.profile(row, phone));
        const email = row.email ?? '';
        const externalId = row.externalId ?? '';
        parts.push(email, phone ?? '', externalId, payload);
        // Hashed here, in parallel, so the reading thread only looks them up.
        if (email !== '') hash64(email, 0, email.length, idHashes, 6 * r);
        if (phone !== null) hash64(phone, 0, phone.length, idHashes, 6 * r + 2);
        if (externalId !== '') hash64(externalId, 0, externalId.length, idHashes, 6 * r + 4);
        ends[piece++] = length += email.length;
        ends[piece++] = length += phone === null ? 0 : phone.length;
        ends[piece++] = length += externalId.length;
        ends[piece++] = length += payload.length;
      }
    }
    return { seq: request.seq, count, kinds, lines, reasons, masks, idHashes, pack: parts.join(''), ends: ends.slice(0, piece) };
  }

  /** The NormalizedProfile of a staged row (batches mode, and the size check). */
  profile(row: Row, phone: string | null): NormalizedProfile {
    const profile: NormalizedProfile = { email: row.email, phone, externalId: row.externalId, fields: {}, properties: {} };
    const columns = this.config.compiled.values;
    for (let i = 0; i < columns.length; i++) {
      const value = row.converted[i];
      if (value === undefined) continue;
      const column = columns[i]!;
      if (column.kind === 'field') profile.fields[column.name] = value as string;
      else profile.properties[column.name] = value;
    }
    return profile;
  }

  /** The SFTP-ready row: identifiers in Klaviyo's order, then fields and properties (see audienceColumns). */
  private audienceLine(row: Row, phone: string | null): string {
    const m = this.config.compiled;
    // Only text can need quoting: valid emails, E.164 numbers, numbers, booleans and ISO dates never do.
    const cells: string[] = [];
    if (m.email >= 0) cells.push(row.email ?? '');
    if (m.phone >= 0) cells.push(phone ?? '');
    if (m.externalId >= 0) cells.push(csvCell(row.externalId ?? ''));
    for (const value of row.converted) cells.push(value === undefined ? '' : typeof value === 'string' ? csvCell(value) : String(value));
    // One join: a flat string, cheaper to pack than a chain of concatenations.
    return `${cells.join(',')}\r\n`;
  }

  private stageRecord(row: Row): Row {
    const m = this.config.compiled;
    const values = row.values;
    if (isBlank(values)) {
      row.kind = KIND_BLANK;
      return row;
    }
    if (values.length !== m.width) return row.reject('field_count', `expected ${m.width} fields, found ${values.length}`);
    if (m.email >= 0) {
      const raw = values[m.email]!;
      if (raw.trim() !== '') {
        const result = normalizeEmail(raw);
        if (!result.ok) return row.reject('invalid_email', result.problem);
        row.email = result.value;
      }
    }
    const phoneRaw = m.phone >= 0 ? values[m.phone]!.trim() : '';
    let region = m.defaultRegion;
    if (phoneRaw !== '' && m.phoneCountry >= 0 && !phoneRaw.startsWith('+')) {
      const country = values[m.phoneCountry]!.trim();
      if (country !== '') {
        const resolved = resolveCountry(country);
        if (!resolved) return row.reject('invalid_phone', `country "${country}" is not one we know, so phone "${phoneRaw}" can't be read`);
        region = resolved;
      }
    }
    row.phoneRaw = phoneRaw;
    row.region = region;
    row.externalId = m.externalId >= 0 ? values[m.externalId]!.trim() || null : null;
    const columns = m.values;
    const converted = new Array<PropertyValue | undefined>(columns.length);
    row.converted = converted;
    let size = (row.email?.length ?? 0) + (row.externalId?.length ?? 0) + 64;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const text = values[column.column]!.trim();
      if (text === '') continue;
      size += text.length + column.name.length + 8;
      if (column.kind === 'field') {
        converted[i] = text;
        continue;
      }
      const value = convertValue(text, column.type, m.defaultRegion);
      if (value === undefined) return row.reject('invalid_value', `column "${column.header}": ${valueProblem(text, column.type)}`);
      converted[i] = value;
    }
    if (row.email === null && row.externalId === null && phoneRaw === '') return row.reject('no_identifier', 'no email, phone number or external id');
    // Cheap bound first: JSON escaping and UTF-8 can at most sextuple a character.
    if (size * 6 > PROFILE_LIMIT_BYTES) {
      const bytes = profileBytes(this.profile(row, phoneRaw)) + 24;
      if (bytes > PROFILE_LIMIT_BYTES) {
        return row.reject('too_large', `this person's data is ${Math.ceil(bytes / 1024)} KB: Klaviyo accepts at most 100 KB per profile`);
      }
    }
    return row;
  }
}
