import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { inspectFile } from '../../../electron/core/audience/inspect';
import { prepareAudience } from '../../../electron/core/audience/prepare';
import { collect, countRecords, decodeFixture, fixture, suggestedMapping } from './helpers';

const READABLE: Array<[name: string, encoding: string, delimiter: string, headers: string[]]> = [
  ['plain-lf.csv', 'utf-8', ',', ['Email', 'First Name', 'Plan']],
  ['utf8-bom-crlf.csv', 'utf-8-bom', ',', ['Email', 'First Name', 'Last Name', 'City']],
  ['utf16le-bom.csv', 'utf-16le', '\t', ['Email', 'First Name', 'Last Name', 'City']],
  ['utf16be-bom.csv', 'utf-16be', ',', ['Email', 'First Name', 'Last Name', 'City']],
  ['windows-1252.csv', 'windows-1252', ',', ['Email', 'First Name', 'Last Name', 'City']],
  ['semicolon.csv', 'utf-8', ';', ['E-mail', 'Vorname', 'Stadt']],
  ['tab.csv', 'utf-8', '\t', ['Email', 'First Name', 'City']],
  ['pipe.csv', 'utf-8', '|', ['Email', 'Phone', 'Name']],
  ['quoted.csv', 'utf-8', ',', ['Email', 'Name', 'Notes', 'Plan']],
  ['blank-lines.csv', 'utf-8', ',', ['Email', 'Name']],
  ['headers-dup-blank.csv', 'utf-8', ',', ['Email', 'Column 2', 'Name', 'email (2)', 'Name (2)', 'Column 6']],
  ['field-count.csv', 'utf-8', ',', ['Email', 'First Name', 'Last Name']],
  ['messy-phones.csv', 'utf-8', ',', ['Email', 'Phone', 'Phone Country']],
  ['duplicates.csv', 'utf-8', ',', ['Email', 'Phone', 'Customer ID', 'First Name', 'City', 'Plan']],
  ['too-large.csv', 'utf-8', ',', ['Email', 'Notes']],
  ['hubspot-contacts.csv', 'utf-8', ',', []],
  ['shopify-customers.csv', 'utf-8', ',', []],
  ['salesforce-contacts.csv', 'utf-8', ',', []],
  ['mailchimp-members.csv', 'utf-8', ',', []],
];

const UNUSABLE: Array<[name: string, code: ErrorCode, words: string]> = [
  ['empty.csv', 'FILE_EMPTY', 'is empty'],
  ['header-only.csv', 'FILE_EMPTY', 'has a header but no rows'],
  ['binary.csv', 'FILE_BINARY', 'binary data'],
  ['workbook.csv', 'FILE_NOT_CSV', 'save it as CSV first'],
  ['document.csv', 'FILE_NOT_CSV', 'a PDF document'],
  ['no-such-file.csv', 'FILE_UNREADABLE', 'couldn\'t find'],
];

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (AppError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('every fixture', () => {
  it.each(READABLE)('%s: read as %s, delimiter %j, every line accounted for', async (name, encoding, delimiter, headers) => {
    const path = fixture(name);
    const inspected = await inspectFile(path);
    expect(inspected.encoding).toBe(encoding);
    expect(inspected.delimiter).toBe(delimiter);
    if (headers.length > 0) expect(inspected.headers).toEqual(headers);
    const { result, records } = await collect(path, inspected.suggestedMapping);
    const c = result.counts;
    expect(c.accepted + c.rejected + c.duplicates + c.blank).toBe(c.records);
    expect(c.records).toBe(countRecords(decodeFixture(name, encoding), delimiter));
    expect(records).toHaveLength(c.records);
    expect(records.map((r) => r.line)).toEqual([...records.map((r) => r.line)].sort((a, b) => a - b));
    expect(result.encoding).toBe(encoding);
  });

  it.each(UNUSABLE)('%s: refused with %s ("%s")', async (name, code, words) => {
    const inspecting = await failure(() => inspectFile(fixture(name)));
    expect(inspecting.code).toBe(code);
    expect(inspecting.message).toContain(words);
    const preparing = await failure(() => prepareAudience({
      path: fixture(name), mapping: { defaultRegion: 'US', columns: [{ index: 0, header: 'Email', target: { kind: 'email' } }] }, sink: { write() {} },
    }));
    expect(preparing.code).toBe(code);
  });
});

describe('what the fixtures read as', () => {
  it('decodes accented names in every encoding', async () => {
    for (const name of ['utf8-bom-crlf.csv', 'utf16le-bom.csv', 'utf16be-bom.csv', 'windows-1252.csv']) {
      const { records } = await collect(fixture(name), await suggestedMapping(fixture(name)));
      const names = records.flatMap((r) => (r.status === 'accepted' ? [r.profile.fields.first_name] : []));
      expect(names.slice(0, 3)).toEqual(['Chloé', 'José', 'Björn']);
    }
    const inspected = await inspectFile(fixture('windows-1252.csv'));
    expect(inspected.encodingNote).toContain('Windows-1252');
    expect(inspected.preview[3]).toEqual(['lena@example.com', 'Léna', 'Müller', 'Zürich €']);
  });

  it('keeps quoted delimiters, quotes and line breaks, and numbers lines physically', async () => {
    const path = fixture('quoted.csv');
    const { records } = await collect(path, await suggestedMapping(path));
    expect(records.map((r) => r.line)).toEqual([2, 3, 6, 7]);
    expect(records[1]).toMatchObject({ status: 'accepted', profile: { properties: { Notes: 'Line one\nline two\nline three', Plan: 'silver' } } });
    expect(records[0]).toMatchObject({ profile: { properties: { Name: 'Lee, Ann', Notes: 'She said "hi", twice' } } });
  });

  it('counts blank lines as blank and skips the ones before the header', async () => {
    const path = fixture('blank-lines.csv');
    const { records } = await collect(path, await suggestedMapping(path));
    expect(records.map((r) => [r.line, r.status])).toEqual([
      [4, 'accepted'], [5, 'blank'], [6, 'accepted'], [7, 'blank'], [8, 'blank'], [9, 'blank'], [10, 'accepted'], [11, 'blank'],
    ]);
  });

  it('rejects rows with too many or too few fields, saying how many', async () => {
    const path = fixture('field-count.csv');
    const { records } = await collect(path, await suggestedMapping(path));
    expect(records.map((r) => (r.status === 'rejected' ? r.message : r.status))).toEqual(['accepted', 'expected 3 fields, found 5', 'expected 3 fields, found 2', 'accepted']);
  });

  it('rejects a person over Klaviyo\'s 100 KB profile limit and reads on', async () => {
    const path = fixture('too-large.csv');
    const { records } = await collect(path, await suggestedMapping(path));
    expect(records.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['accepted', 'too_large', 'accepted']);
  });

  it('reads messy phones, tells incomplete from invalid, and uses the row\'s country', async () => {
    const path = fixture('messy-phones.csv');
    const { records } = await collect(path, await suggestedMapping(path));
    const fate = records.map((r) => (r.status === 'accepted' ? r.profile.phone : r.status === 'rejected' ? r.message : r.status));
    expect(fate).toEqual([
      '+12065550100', '+12065550101', '+12065550102', '+12065550103', '+442079460958', '+442079460959', '+447911123456', '+4930901820',
      'phone "555-0100" is incomplete: too few digits for US',
      'phone "12345" is incomplete: too few digits for US',
      'phone "206 555 01000" has too many digits for US',
      'phone "call me" is not a phone number',
      'country "Narnia" is not one we know, so phone "0612345678" can\'t be read',
      'phone "+999 1234" has no country code we know: write it as +<country code> <number>',
      '+14155550123', '+12065550104',
    ]);
  });

  it('merges duplicates into the first row and rejects conflicts naming the other line', async () => {
    const path = fixture('duplicates.csv');
    const { records, patches } = await collect(path, await suggestedMapping(path));
    expect(records.map((r) => [r.line, r.status === 'duplicate' ? `dup of ${r.duplicateOf}${r.note ? `: ${r.note}` : ''}` : r.status === 'rejected' ? r.message : r.status])).toEqual([
      [2, 'accepted'],
      [3, 'dup of 2'],
      [4, 'accepted'],
      [5, 'dup of 2'],
      [6, 'phone +12065550100 is already used by line 2 with ann@example.com'],
      [7, 'external id C2 is already used by line 4 with bob@example.com'],
      [8, 'accepted'],
      [9, 'dup of 8'],
      [10, 'accepted'],
      [11, 'dup of 10: line 10 has another phone, kept; this row\'s +15035550177 was not used'],
      // Frank kept his first phone, so the other one is free for Gina.
      [12, 'accepted'],
    ]);
    expect(patches).toEqual([
      { line: 2, set: { fields: { city: 'Seattle' } } },
      { line: 8, set: { email: 'eve@example.com', properties: { Plan: 'bronze' } } },
      { line: 10, set: { fields: { city: 'Salem' } } },
    ]);
  });
});
