import { describe, expect, it } from 'vitest';
import { emptySql, isSqlQuery, sql, sqlJoin, staticSqlText } from '../../../electron/core/store/sql';

describe('sql tagged template', () => {
  it('turns every interpolated value into a bound parameter, never into SQL text', () => {
    const name = "Robert'); DROP TABLE credentials;--";
    const query = sql`SELECT id FROM credentials WHERE name = ${name} AND created_at > ${'2024-01-01'}`;
    expect(query.text).toBe('SELECT id FROM credentials WHERE name = ? AND created_at > ?');
    expect(query.values).toEqual([name, '2024-01-01']);
    expect(query.text).not.toContain('DROP');
  });

  it('binds numbers, bigints, buffers and null', () => {
    const blob = Buffer.from([1, 2, 3]);
    const query = sql`VALUES (${1}, ${2n}, ${blob}, ${null})`;
    expect(query.text).toBe('VALUES (?, ?, ?, ?)');
    expect(query.values).toEqual([1, 2n, blob, null]);
  });

  it('inlines nested fragments with their own parameters in order', () => {
    const filter = sql`status = ${'done'} AND list_id = ${'L1'}`;
    const query = sql`SELECT * FROM runs WHERE account = ${'A'} AND ${filter} LIMIT ${10}`;
    expect(query.text).toBe('SELECT * FROM runs WHERE account = ? AND status = ? AND list_id = ? LIMIT ?');
    expect(query.values).toEqual(['A', 'done', 'L1', 10]);
  });

  it('leaves nothing behind for an empty optional clause', () => {
    const query = sql`SELECT * FROM runs${emptySql}`;
    expect(query.text).toBe('SELECT * FROM runs');
    expect(query.values).toEqual([]);
  });

  it('refuses values SQLite cannot bind (booleans, undefined, objects, NaN) instead of guessing', () => {
    const bad: unknown[] = [true, undefined, { a: 1 }, Number.NaN, [1]];
    for (const value of bad) {
      expect(() => sql`SELECT ${value as string}`).toThrow(TypeError);
    }
  });

  it('is frozen, so a query cannot be edited into something else after it is built', () => {
    const query = sql`SELECT ${1}`;
    expect(Object.isFrozen(query)).toBe(true);
    expect(Object.isFrozen(query.values)).toBe(true);
    expect(isSqlQuery(query)).toBe(true);
    expect(isSqlQuery({ text: 'DROP TABLE x', values: [] })).toBe(false);
  });
});

describe('sqlJoin', () => {
  it('builds an IN list of bound parameters', () => {
    const query = sql`SELECT * FROM t WHERE id IN (${sqlJoin(['a', 'b', 'c'])})`;
    expect(query.text).toBe('SELECT * FROM t WHERE id IN (?, ?, ?)');
    expect(query.values).toEqual(['a', 'b', 'c']);
  });

  it('joins fragments with a custom separator', () => {
    const query = sqlJoin([sql`a = ${1}`, sql`b = ${2}`], sql` AND `);
    expect(query.text).toBe('a = ? AND b = ?');
    expect(query.values).toEqual([1, 2]);
  });

  it('refuses an empty list, which would be invalid SQL', () => {
    expect(() => sqlJoin([])).toThrow(TypeError);
  });
});

describe('staticSqlText', () => {
  it('accepts a literal template with placeholders', () => {
    const text = ((strings: TemplateStringsArray, ...values: unknown[]) => staticSqlText(strings, values))`INSERT INTO t VALUES (?, ?)`;
    expect(text).toBe('INSERT INTO t VALUES (?, ?)');
  });

  it('refuses interpolation, so only SQL written in the source can be prepared', () => {
    const table = 'credentials';
    expect(() => ((strings: TemplateStringsArray, ...values: unknown[]) => staticSqlText(strings, values))`SELECT * FROM ${table}`)
      .toThrow(TypeError);
  });

  it('refuses a forged strings array without raw', () => {
    expect(() => staticSqlText(['SELECT 1'] as unknown as TemplateStringsArray, [])).toThrow(TypeError);
  });
});
