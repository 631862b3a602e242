/**
 * What the first bytes of a file say: not a CSV at all (a workbook, a PDF), binary, or text in which
 * encoding. Pure: works on the sampled bytes only.
 */
import { TextDecoder } from 'node:util';
import type { Encoding } from '../../../shared/audience';
import { fileBinary, fileNotCsv } from './file-errors';

export interface Sniffed {
  encoding: Encoding;
  /** Set when the encoding is a fallback or a guess. */
  note: string | null;
}

const MAGIC: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (or another zipped file)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a compressed (gzip) file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
];

function startsWith(sample: Uint8Array, bytes: number[]): boolean {
  return sample.length >= bytes.length && bytes.every((b, i) => sample[i] === b);
}

/** BOM-less UTF-16 shows as NUL in every other byte for Latin text. */
function guessUtf16(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Decides the encoding from the sample. `complete` says the sample is the whole file (so a multi-byte
 * character cut at the end of the sample is an error, not a chunk edge).
 */
export function sniffBytes(sample: Uint8Array, fileName: string, complete: boolean): Sniffed {
  for (const magic of MAGIC) if (startsWith(sample, magic.bytes)) throw fileNotCsv(fileName, magic.what);
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', note: null };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', note: null };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', note: null };
  if (sample.includes(0)) {
    const utf16 = guessUtf16(sample);
    if (utf16) return { encoding: utf16, note: `No byte-order mark: read as ${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}.` };
    throw fileBinary(fileName);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return { encoding: 'utf-8', note: null };
  } catch {
    return { encoding: 'windows-1252', note: 'Not valid UTF-8: read as Windows-1252 (Western European). Check accented letters in the preview.' };
  }
}

export interface ChunkDecoder {
  /** With `stream: true`, a character cut at the end of `bytes` waits for the next call. */
  decode(bytes: Uint8Array, options?: { stream?: boolean }): string;
}

/** Windows-1252's characters for the bytes 0x80–0x9F (where it differs from Latin-1). */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

/**
 * Node 20's TextDecoder('windows-1252') decodes as Latin-1: the bytes 0x80–0x9F (€, curly quotes,
 * dashes, ™ — common in files saved by Windows programs) come out as invisible control characters.
 * A single-byte encoding needs no streaming state, so this decoder is exact and simple.
 */
export const windows1252Decoder: ChunkDecoder = {
  decode(bytes) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  },
};

/** A streaming decoder for the encoding; UTF-8 and UTF-16 are strict (fatal), so nothing becomes U+FFFD silently. */
export function createDecoder(encoding: Encoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom': return new TextDecoder('utf-8', { fatal: true });
    case 'utf-16le': return new TextDecoder('utf-16le', { fatal: true });
    case 'utf-16be': return new TextDecoder('utf-16be', { fatal: true });
    case 'windows-1252': return windows1252Decoder;
  }
}
