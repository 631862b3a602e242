import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mapping, Target } from '../../../shared/mapping';
import { compileMapping } from '../../../electron/core/audience/compile-mapping';
import { JsonBatchOutput } from '../../../electron/core/audience/json-output';
import { PhoneCache } from '../../../electron/core/audience/phone-cache';
import { Settler } from '../../../electron/core/audience/settle';
import { SliceRecords } from '../../../electron/core/audience/slice-records';
import { maskWords, rejectPayload, Stager, type StageConfig } from '../../../electron/core/audience/stage';
import { shardedLookup } from '../../../electron/core/audience/stage-pool';
import type { PreparedBatch } from '../../../electron/core/audience/types';

const HEADERS = ['Email', 'Phone', 'Country', 'ID', 'First', 'Spent', 'VIP', 'Since', 'Notes'];
const TARGETS: Target[] = [
  { kind: 'email' }, { kind: 'phone' }, { kind: 'phoneCountry' }, { kind: 'externalId' }, { kind: 'field', field: 'first_name' },
  { kind: 'property', name: 'spent', type: 'number' }, { kind: 'property', name: 'vip', type: 'boolean' },
  { kind: 'property', name: 'since', type: 'date' }, { kind: 'property', name: 'notes', type: 'string' },
];
const MAPPING: Mapping = { defaultRegion: 'US', columns: HEADERS.map((header, index) => ({ index, header, target: TARGETS[index]! })) };

/**
 * Stages and settles data rows (no header) in this thread, as small files are.
 * @param lookups collects each original-values lookup the settler makes: [line, next record's line]
 */
async function prepare(body: string, mode: StageConfig['mode'] = 'batches', startLine = 2, lookups: Array<[number, number | undefined]> = []) {
  const compiled = compileMapping(MAPPING, HEADERS);
  const cache = new PhoneCache();
  const batches: PreparedBatch[] = [];
  const exported: string[] = [];
  const output = new JsonBatchOutput(compiled, async (json) => void batches.push(JSON.parse(json) as PreparedBatch), async () => undefined);
  const config: StageConfig = { compiled, delimiter: ',', newline: '\n', mode };
  const original = new SliceRecords(',', '\n');
  const settler = new Settler(maskWords(compiled), (slice, line, next) => {
    lookups.push([line, next]);
    return original.values(slice, line, next);
  },
    (values) => rejectPayload(mode, compiled.width, values), mode === 'export' ? {
      accepted: (_line, payload) => void exported.push(payload), rejected: () => undefined, duplicate: () => undefined,
      blank: () => undefined, merge: () => undefined, flush: async () => undefined, reset: async () => undefined,
    } : output);
  const slice = { seq: 0, text: body, startLine };
  settler.settle(await new Stager(config, (k, r) => cache.resolve(k, r)).stage(slice), slice);
  await output.flush();
  return { records: batches.flatMap((b) => b.records), patches: batches.flatMap((b) => b.patches), counts: settler.counts, exported };
}

describe('staging and settling rows', () => {
  it('normalizes every kind of value', async () => {
    const { records } = await prepare(' Ann@Example.COM ,(206) 555-0100,, C-1 , Ann ,"$1,200.50",Yes,3/4/2024,  hi  \n');
    expect(records).toEqual([{
      line: 2, status: 'accepted', profile: {
        email: 'ann@example.com', phone: '+12065550100', externalId: 'C-1', fields: { first_name: 'Ann' },
        properties: { spent: 1200.5, vip: true, since: '2024-03-04', notes: 'hi' },
      },
    }]);
  });

  it('leaves empty values out instead of clearing them', async () => {
    const { records } = await prepare('ann@example.com,,,,,,,,\n');
    expect(records[0]).toEqual({ line: 2, status: 'accepted', profile: { email: 'ann@example.com', phone: null, externalId: null, fields: {}, properties: {} } });
  });

  it('reads a phone with the row\'s country', async () => {
    const { records } = await prepare('a@example.com,020 7946 0958,United Kingdom,,,,,,\nb@example.com,030 901820,de,,,,,,\n');
    expect(records.map((r) => r.status === 'accepted' && r.profile.phone)).toEqual(['+442079460958', '+4930901820']);
  });

  it('rejects each problem with its reason and the original values', async () => {
    const { records, counts } = await prepare([
      'a@example.com,555-0100,,,,,,,',
      'b@example.com,0612345678,Narnia,,,,,,',
      'not-an-email,,,,,,,,',
      'c@example.com,,,,,lots,,,',
      'd@example.com,,,,,,perhaps,,',
      'e@example.com,,,,,,,2023-02-30,',
      ',,,,Nobody,,,,',
      'f@example.com,,,,too,many,fields,here,x,y',
      `g@example.com,,,,,,,,"${'n'.repeat(101 * 1024)}"`,
    ].join('\n') + '\n');
    const expected: Array<[string, string]> = [
      ['invalid_phone', 'phone "555-0100" is incomplete: too few digits for US'],
      ['invalid_phone', 'country "Narnia" is not one we know, so phone "0612345678" can\'t be read'],
      ['invalid_email', 'email "not-an-email" has no @'],
      ['invalid_value', 'column "Spent": "lots" is not a number'],
      ['invalid_value', 'column "VIP": "perhaps" is not true/false, yes/no or 1/0'],
      ['invalid_value', 'column "Since": "2023-02-30" is not a date we can read (use YYYY-MM-DD)'],
      ['no_identifier', 'no email, phone number or external id'],
      ['field_count', 'expected 9 fields, found 10'],
      ['too_large', 'this person\'s data is 102 KB: Klaviyo accepts at most 100 KB per profile'],
    ];
    expect(records.map((r) => r.status === 'rejected' && [r.reason, r.message.slice(0, 60)])).toEqual(expected.map(([reason, message]) => [reason, message.slice(0, 60)]));
    expect(records[2]).toMatchObject({ values: ['not-an-email', '', '', '', '', '', '', '', ''] });
    expect(counts).toMatchObject({ records: 9, rejected: 9, rejectedBy: { invalid_phone: 2, invalid_email: 1, invalid_value: 3, no_identifier: 1, field_count: 1, too_large: 1 } });
  });

  it('accounts for every line: accepted + rejected + duplicates + blank = records', async () => {
    const { counts, records } = await prepare([
      'ann@example.com,(206) 555-0100,,,Ann,,,,',
      '',
      ',,,,,,,,',
      'ANN@example.com,,,C1,,,,,',
      'carol@example.com,206.555.0100,,,,,,,',
      'bad,,,,,,,,',
    ].join('\n') + '\n');
    expect(records.map((r) => r.status)).toEqual(['accepted', 'blank', 'blank', 'duplicate', 'rejected', 'rejected']);
    expect(counts.accepted + counts.rejected + counts.duplicates + counts.blank).toBe(counts.records);
  });

  it('sends a merge patch when a duplicate fills what the kept row lacks', async () => {
    const { records, patches } = await prepare('ann@example.com,,,,,,,,\n,(206) 555-0100,,,,,,,\nANN@example.com,(206) 555-0100,,C1,Annie,10,no,,x\n');
    expect(records.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(records[2]).toMatchObject({ reason: 'conflict', message: 'this row joins two different people: email ann@example.com is used by line 2 and phone +12065550100 by line 3' });
    const merged = await prepare('ann@example.com,,,,,,,,\nANN@example.com,(206) 555-0100,,C1,Annie,10,no,,x\n');
    expect(merged.patches).toEqual([{
      line: 2, set: { phone: '+12065550100', externalId: 'C1', fields: { first_name: 'Annie' }, properties: { spent: 10, vip: false, notes: 'x' } },
    }]);
    expect(patches).toEqual([]);
  });

  it('reads a conflict row\'s original values from its own lines, the slice\'s last record too', async () => {
    const lookups: Array<[number, number | undefined]> = [];
    const { records } = await prepare([
      'ann@example.com,(206) 555-0100,,,,,,,',
      'bob@example.com,(206) 555-0100,,,Bob,,,,"two\nlines, ""quoted"""',
      'carol@example.com,,,,,,,,',
      'dan@example.com,206.555.0100,,,,,,,"three\r\nmore\nlines"',
    ].join('\r\n') + '\r\n', 'batches', 2, lookups);
    expect(records.map((r) => [r.line, r.status])).toEqual([[2, 'accepted'], [3, 'rejected'], [5, 'accepted'], [6, 'rejected']]);
    // The settler gives where the next record starts, so only the record's own lines are read.
    expect(lookups).toEqual([[3, 5], [6, undefined]]);
    expect(records[1]).toMatchObject({ values: ['bob@example.com', '(206) 555-0100', '', '', 'Bob', '', '', '', 'two\nlines, "quoted"'] });
    expect(records[3]).toMatchObject({ values: ['dan@example.com', '206.555.0100', '', '', '', '', '', '', 'three\r\nmore\nlines'] });
  });

  it('renders the SFTP row in export mode', async () => {
    const { exported } = await prepare('Ann@example.com,(206) 555-0100,,"C,1",Ann,12,1,2024-01-02,"say ""hi"""\n', 'export');
    expect(exported).toEqual(['ann@example.com,+12065550100,"C,1",Ann,12,true,2024-01-02,"say ""hi"""\r\n']);
  });
});

describe('phone shards across stage workers', () => {
  const ports: Array<{ close(): void }> = [];
  afterEach(() => ports.splice(0).forEach((p) => p.close()));

  it('parses a number once across workers, whichever worker meets it', async () => {
    const channel = new MessageChannel();
    ports.push(channel.port1, channel.port2);
    const caches = [new PhoneCache(), new PhoneCache()];
    const lookups = [shardedLookup(0, new Map([[1, channel.port1]]), caches[0]!), shardedLookup(1, new Map([[0, channel.port2]]), caches[1]!)];
    const keys = ['2065550100', '4155550123', '5035550199', '2125550147', '+442079460958', '6175550101'];
    const regions = keys.map((k) => (k.startsWith('+') ? '' : 'US'));
    const first = await lookups[0]!(keys, regions);
    const second = await lookups[1]!([...keys].reverse(), [...regions].reverse());
    expect([...second].reverse()).toEqual([...first]);
    expect(caches[0]!.parsed + caches[1]!.parsed).toBe(keys.length);
    expect(caches[0]!.parsed).toBeGreaterThan(0);
    expect(caches[1]!.parsed).toBeGreaterThan(0);
  });
});
