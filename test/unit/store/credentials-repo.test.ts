import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../shared/credentials';
import { AppError } from '../../../shared/errors';
import { createCredentialsRepo, credentialNameKey } from '../../../electron/core/store/credentials-repo';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { catchError, tempDir } from './helpers';

const credential = (overrides: Partial<Credential> = {}): Credential => ({
  id: 'c-1',
  name: 'Main store',
  description: 'The US shop',
  accountId: 'ACC1',
  accountName: 'Acme US',
  maskedKey: 'pk_…a1b2',
  createdAt: '2024-05-01T10:00:00.000Z',
  lastCheckedAt: '2024-05-01T10:00:00.000Z',
  missingScopes: ['lists:write'],
  ...overrides,
});

function setup() {
  const store = openDatabase({ dataDir: tempDir() });
  return { store, repo: createCredentialsRepo(store) };
}

describe('credentials repository', () => {
  it('stores and returns a credential exactly, missing scopes included', () => {
    const { store, repo } = setup();
    repo.insert(credential());
    expect(repo.get('c-1')).toEqual(credential());
    expect(repo.list()).toEqual([credential()]);
    expect(repo.get('nope')).toBeUndefined();
    store.close();
  });

  it('lists credentials by name, ignoring case', () => {
    const { store, repo } = setup();
    repo.insert(credential({ id: 'b', name: 'beta' }));
    repo.insert(credential({ id: 'a', name: 'Alpha' }));
    repo.insert(credential({ id: 'c', name: 'Gamma' }));
    expect(repo.list().map((c) => c.name)).toEqual(['Alpha', 'beta', 'Gamma']);
    store.close();
  });

  it('refuses a second credential whose name differs only by case, spacing or accents composition', () => {
    const { store, repo } = setup();
    repo.insert(credential({ id: 'a', name: 'Élan Store' }));
    for (const name of ['élan store', '  ÉLAN STORE ', 'E\u0301lan Store']) {
      const error = catchError(() => repo.insert(credential({ id: `x-${name}`, name })));
      expect(AppError.is(error, 'CREDENTIAL_NAME_TAKEN')).toBe(true);
      expect((error as AppError).message).toContain(name.trim());
    }
    expect(repo.list()).toHaveLength(1);
    store.close();
  });

  it('finds a credential by name regardless of case', () => {
    const { store, repo } = setup();
    repo.insert(credential());
    expect(repo.findByName('MAIN STORE')?.id).toBe('c-1');
    expect(repo.findByName('main')).toBeUndefined();
    expect(credentialNameKey('  Main  Store ')).toBe('main  store');
    store.close();
  });

  it('stores names trimmed', () => {
    const { store, repo } = setup();
    repo.insert(credential({ name: '  Padded  ' }));
    expect(repo.get('c-1')?.name).toBe('Padded');
    store.close();
  });

  it('updates only the given fields and never the id or creation date', () => {
    const { store, repo } = setup();
    repo.insert(credential());
    const updated = repo.update('c-1', { name: 'Renamed', missingScopes: [], lastCheckedAt: '2024-06-01T00:00:00.000Z' });
    expect(updated).toEqual(credential({ name: 'Renamed', missingScopes: [], lastCheckedAt: '2024-06-01T00:00:00.000Z' }));
    expect(repo.get('c-1')).toEqual(updated);
    store.close();
  });

  it('lets a credential change the case of its own name, but not take another one', () => {
    const { store, repo } = setup();
    repo.insert(credential({ id: 'a', name: 'First' }));
    repo.insert(credential({ id: 'b', name: 'Second' }));
    expect(repo.update('a', { name: 'FIRST' }).name).toBe('FIRST');
    expect(AppError.is(catchError(() => repo.update('b', { name: 'first' })), 'CREDENTIAL_NAME_TAKEN')).toBe(true);
    expect(repo.get('b')?.name).toBe('Second');
    store.close();
  });

  it('reports updating an unknown credential as CREDENTIAL_NOT_FOUND', () => {
    const { store, repo } = setup();
    expect(AppError.is(catchError(() => repo.update('ghost', { name: 'x' })), 'CREDENTIAL_NOT_FOUND')).toBe(true);
    store.close();
  });

  it('removes a credential and says whether there was one', () => {
    const { store, repo } = setup();
    repo.insert(credential());
    expect(repo.remove('c-1')).toBe(true);
    expect(repo.remove('c-1')).toBe(false);
    expect(repo.list()).toEqual([]);
    store.close();
  });

  it('reports a damaged row as DATABASE_ERROR rather than returning bad data', () => {
    const { store, repo } = setup();
    repo.insert(credential());
    store.run(sql`UPDATE credentials SET missing_scopes = ${'[1, 2]'} WHERE id = ${'c-1'}`);
    expect(AppError.is(catchError(() => repo.list()), 'DATABASE_ERROR')).toBe(true);
    store.close();
  });
});
