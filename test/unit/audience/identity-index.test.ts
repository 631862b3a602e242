import { describe, expect, it } from 'vitest';
import { IdentityIndex, RowIds, type Decision } from '../../../electron/core/audience/identity-index';

/** Rows as (email, phone, external id, value-column bits). */
function run(rows: Array<[string | null, string | null, string | null, number?]>): Decision[] {
  const index = new IdentityIndex(1);
  return rows.map(([email, phone, id, bits], i) => index.decide(i + 2, RowIds.of(email, phone, id), new Uint32Array([bits ?? 0]), 0));
}

describe('deduplication by Klaviyo\'s identity rules', () => {
  it('tells apart many people by their 64-bit hashes, and finds each again', () => {
    const index = new IdentityIndex(1, 1024);
    const none = new Uint32Array(1);
    for (let i = 0; i < 100_000; i++) expect(index.decide(i + 2, RowIds.of(`person${i}@example.com`, `+1206${String(i).padStart(7, '0')}`, null), none, 0).kind).toBe('new');
    for (let i = 0; i < 100_000; i += 997) expect(index.decide(200_000 + i, RowIds.of(null, `+1206${String(i).padStart(7, '0')}`, null), none, 0)).toMatchObject({ kind: 'duplicate', of: i + 2 });
    expect(index.size).toBe(100_000);
  });

  it('keeps the first row of each person and points later rows to it', () => {
    const [a, b, c] = run([['ann@example.com', null, null], ['bob@example.com', null, null], ['ann@example.com', null, null]]);
    expect(a).toEqual({ kind: 'new' });
    expect(b).toEqual({ kind: 'new' });
    expect(c).toMatchObject({ kind: 'duplicate', of: 2, note: null, ids: null, columns: null });
  });

  it('matches by phone and by external id too', () => {
    const decisions = run([['ann@example.com', '+12065550100', 'C1'], [null, '+12065550100', null], [null, null, 'C1']]);
    expect(decisions.slice(1).map((d) => d.kind === 'duplicate' && d.of)).toEqual([2, 2]);
  });

  it('rejects a phone already used by someone with another email (Klaviyo would answer 409)', () => {
    const [, second] = run([['ann@example.com', '+12065550100', null], ['carol@example.com', '+12065550100', null]]);
    expect(second).toEqual({ kind: 'conflict', message: 'phone +12065550100 is already used by line 2 with ann@example.com' });
  });

  it('rejects a row whose identifiers belong to two different people, naming both lines', () => {
    const decisions = run([['ann@example.com', null, null], ['bob@example.com', '+14155550123', null], ['ann@example.com', '+14155550123', null]]);
    expect(decisions[2]).toEqual({
      kind: 'conflict',
      message: 'this row joins two different people: email ann@example.com is used by line 2 and phone +14155550123 by line 3',
    });
  });

  it('merges what the kept person lacks, and binds a merged identifier for later rows', () => {
    const decisions = run([
      ['ann@example.com', null, null, 0b01],
      ['ann@example.com', '+12065550100', 'C9', 0b11],
      [null, '+12065550100', null],
      [null, null, 'C9'],
    ]);
    expect(decisions[1]).toEqual({ kind: 'duplicate', of: 2, note: null, ids: { phone: '+12065550100', externalId: 'C9' }, columns: [1] });
    expect(decisions[2]).toMatchObject({ kind: 'duplicate', of: 2, ids: null, columns: null });
    expect(decisions[3]).toMatchObject({ kind: 'duplicate', of: 2 });
  });

  it('keeps the first phone and external id, and notes a differing one', () => {
    const [, second] = run([['ann@example.com', '+12065550100', 'C1'], ['ann@example.com', '+14155550123', 'C2']]);
    expect(second).toMatchObject({ kind: 'duplicate', of: 2, ids: null });
    expect(second?.kind === 'duplicate' && second.note).toBe(
      'line 2 has another phone, kept; this row\'s +14155550123 was not used; line 2 has another external id, kept; this row\'s C2 was not used');
  });

  it('merges a value column only once (first occurrence wins)', () => {
    const decisions = run([['ann@example.com', null, null, 0], ['ann@example.com', null, null, 0b1], ['ann@example.com', null, null, 0b1]]);
    expect(decisions[1]).toMatchObject({ columns: [0] });
    expect(decisions[2]).toMatchObject({ columns: null });
  });
});
