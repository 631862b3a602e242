import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../electron/core/store/migrations/index';
import { openDatabase } from '../../../../electron/core/store/open-database';
import { sql } from '../../../../electron/core/store/sql';
import { catchError, tempDir } from '../helpers';

const upTo001 = migrations.slice(0, 1);
const columnsOf = (store: ReturnType<typeof openDatabase>, table: string) =>
  store.all<{ name: string; notnull: number }>(sql`SELECT name, "notnull" FROM pragma_table_info(${table}) ORDER BY cid`);

const credentialRow = (id: string, name: string, nameKey: string, scopes = '[]') => sql`
  INSERT INTO credentials (id, name, name_key, account_id, account_name, masked_key, created_at, missing_scopes)
  VALUES (${id}, ${name}, ${nameKey}, ${'ACC1'}, ${'Shop'}, ${'pk_…a1b2'}, ${'2024-05-01T00:00:00.000Z'}, ${scopes})`;

describe('migration 001: settings and credentials', () => {
  it('is version 1', () => {
    expect(upTo001[0]?.version).toBe(1);
    expect(upTo001[0]?.name).toBe('settings-and-credentials');
  });

  it('creates the settings table as key → JSON value', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: upTo001 });
    expect(columnsOf(store, 'settings').map((c) => c.name)).toEqual(['key', 'value']);
    store.run(sql`INSERT INTO settings (key, value) VALUES (${'defaultRegion'}, ${'"GB"'})`);
    expect(catchError(() => store.run(sql`INSERT INTO settings (key, value) VALUES (${'broken'}, ${'{not json'})`)))
      .toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    store.close();
  });

  it('creates the credentials table with metadata only: no column can hold a key', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: upTo001 });
    expect(columnsOf(store, 'credentials').map((c) => c.name)).toEqual([
      'id', 'name', 'name_key', 'description', 'account_id', 'account_name', 'masked_key', 'created_at',
      'last_checked_at', 'missing_scopes',
    ]);
    store.close();
  });

  it('keeps credential names unique through their folded form', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: upTo001 });
    store.run(credentialRow('c1', 'Main', 'main'));
    expect(catchError(() => store.run(credentialRow('c2', 'MAIN', 'main')))).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    store.run(credentialRow('c3', 'Other', 'other'));
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM credentials`)?.n).toBe(2);
    store.close();
  });

  it('defaults optional metadata and refuses missing scopes that are not a JSON array', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: upTo001 });
    store.run(sql`INSERT INTO credentials (id, name, name_key, account_id, account_name, masked_key, created_at)
      VALUES (${'c1'}, ${'Main'}, ${'main'}, ${'A'}, ${'Shop'}, ${'pk_…zzzz'}, ${'2024-05-01T00:00:00.000Z'})`);
    expect(store.get(sql`SELECT description, last_checked_at, missing_scopes FROM credentials`))
      .toEqual({ description: '', last_checked_at: null, missing_scopes: '[]' });
    expect(catchError(() => store.run(credentialRow('c2', 'B', 'b', '{"a":1}')))).toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    expect(catchError(() => store.run(credentialRow('c3', '   ', '', '[]')))).toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    store.close();
  });

  it('declares its tables STRICT, so a wrong type is refused rather than stored', () => {
    const store = openDatabase({ dataDir: tempDir(), migrations: upTo001 });
    expect(catchError(() => store.run(sql`INSERT INTO credentials (id, name, name_key, account_id, account_name, masked_key, created_at)
      VALUES (${'c1'}, ${'Main'}, ${'main'}, ${'A'}, ${'Shop'}, ${'pk_…zzzz'}, ${Buffer.from('2024')})`)))
      .toMatchObject({ code: 'SQLITE_CONSTRAINT_DATATYPE' });
    store.close();
  });
});
