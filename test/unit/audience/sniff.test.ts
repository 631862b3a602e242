import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { detectDialect } from '../../../electron/core/audience/csv-dialect';
import { sniffBytes, windows1252Decoder } from '../../../electron/core/audience/sniff';
import { csvLine, spreadsheetCell } from '../../../electron/core/audience/csv-write';

const bytes = (...values: number[]) => Uint8Array.from(values);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return AppError.is(error) ? error.code : 'not an AppError';
  }
  return 'no error';
};

describe('sniffing a file\'s first bytes', () => {
  it('reads byte-order marks', () => {
    expect(sniffBytes(bytes(0xef, 0xbb, 0xbf, 0x41), 'f.csv', true).encoding).toBe('utf-8-bom');
    expect(sniffBytes(bytes(0xff, 0xfe, 0x41, 0), 'f.csv', true).encoding).toBe('utf-16le');
    expect(sniffBytes(bytes(0xfe, 0xff, 0, 0x41), 'f.csv', true).encoding).toBe('utf-16be');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, and says so', () => {
    const sniffed = sniffBytes(Buffer.from('Caf\xe9,M\xfcnchen\n', 'latin1'), 'f.csv', true);
    expect(sniffed.encoding).toBe('windows-1252');
    expect(sniffed.note).toContain('Not valid UTF-8');
  });

  it('decodes Windows-1252\'s own characters (€, curly quotes, dashes), which Latin-1 would lose', () => {
    expect(windows1252Decoder.decode(Uint8Array.from([0x80, 0x20, 0x93, 0x68, 0x69, 0x94, 0x20, 0x96, 0x20, 0x99, 0xe9]))).toBe('€ “hi” – ™é');
  });

  it('does not mistake a UTF-8 character cut at the end of the sample for an error', () => {
    expect(sniffBytes(Buffer.from('Caf\xc3', 'latin1'), 'f.csv', false).encoding).toBe('utf-8');
    expect(sniffBytes(Buffer.from('Caf\xc3', 'latin1'), 'f.csv', true).encoding).toBe('windows-1252');
  });

  it('recognizes UTF-16 without a byte-order mark', () => {
    const sniffed = sniffBytes(Buffer.from('Email,Name\nann@example.com,Ann\n', 'utf16le'), 'f.csv', true);
    expect(sniffed).toEqual({ encoding: 'utf-16le', note: 'No byte-order mark: read as UTF-16 LE.' });
  });

  it('turns away workbooks, PDFs and binary files with their own codes', () => {
    expect(codeOf(() => sniffBytes(bytes(0x50, 0x4b, 0x03, 0x04, 1, 2), 'list.xlsx', true))).toBe('FILE_NOT_CSV');
    expect(codeOf(() => sniffBytes(Buffer.from('%PDF-1.7'), 'list.pdf', true))).toBe('FILE_NOT_CSV');
    expect(codeOf(() => sniffBytes(bytes(0x45, 0, 1, 2, 0xff, 0, 0x80, 0x10, 0, 0, 3), 'x.csv', true))).toBe('FILE_BINARY');
  });
});

describe('delimiters', () => {
  it.each([[',', 'a,b,c\n1,2,3\n'], [';', 'a;b;c\n1;2,5;3\n'], ['\t', 'a\tb\n1\t2\n'], ['|', 'a|b|c\n1|x, y|3\n']])('detects %j', (delimiter, text) => {
    expect(detectDialect(text).delimiter).toBe(delimiter);
  });

  it('reads a single-column file with a comma, and a bare-CR file with CR line ends', () => {
    expect(detectDialect('Email\nann@example.com\n')).toEqual({ delimiter: ',', newline: '\n' });
    expect(detectDialect('a,b\r1,2\r')).toEqual({ delimiter: ',', newline: '\r' });
  });
});

describe('CSV output', () => {
  it('quotes only what RFC 4180 requires and ends lines with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('defuses spreadsheet formulas in report cells', () => {
    expect(['=SUM(A1)', '+1 206', '-3', '@cmd', '\tx', '\rx', 'plain'].map(spreadsheetCell))
      .toEqual(['\'=SUM(A1)', '\'+1 206', '\'-3', '\'@cmd', '\'\tx', '"\'\rx"', 'plain']);
  });
});
