import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../../../electron/core/log';
import { createCredentialsService, type CheckKey } from '../../../electron/core/secrets/credentials-service';
import { createCredentialHandlers } from '../../../electron/core/secrets/credentials-handlers';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import { createCredentialsRepo } from '../../../electron/core/store/credentials-repo';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';

const KEY_A = 'pk_accountA_0000000000000000a1b2';
const KEY_A2 = 'pk_accountA_1111111111111111c3d4';
const KEY_B = 'pk_accountB_2222222222222222e5f6';

/** Klaviyo's answer for each key, as the real client would give it. */
const accounts: Record<string, { accountId: string; accountName: string; missingScopes: string[] }> = {
  [KEY_A]: { accountId: 'ACC_A', accountName: 'Acme US', missingScopes: [] },
  [KEY_A2]: { accountId: 'ACC_A', accountName: 'Acme US (renamed)', missingScopes: ['lists:write'] },
  [KEY_B]: { accountId: 'ACC_B', accountName: 'Bravo EU', missingScopes: [] },
};

function setup(options: { envApiKey?: string; checkKey?: CheckKey } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'audience-sync-creds-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = openDatabase({ dataDir });
  onTestFinished(() => store.close());
  const secrets = createMemorySecretStore();
  const checked: string[] = [];
  const logLines: string[] = [];
  const checkKey: CheckKey = options.checkKey ?? (async (apiKey) => {
    checked.push(apiKey);
    const account = accounts[apiKey];
    if (!account) throw new AppError({ code: 'INVALID_CREDENTIALS', message: 'Klaviyo does not accept this key.' });
    return account;
  });
  let clock = Date.parse('2024-05-01T10:00:00.000Z');
  const service = createCredentialsService({
    store, secrets, checkKey, envApiKey: options.envApiKey,
    now: () => new Date(clock),
    logger: createLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
  });
  return {
    store, secrets, service, checked, logLines, repo: createCredentialsRepo(store),
    advance: (ms: number) => { clock += ms; },
  };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e);

describe('adding a credential', () => {
  it('checks the key with Klaviyo, keeps the key in the keychain and only metadata in SQLite', async () => {
    const { service, secrets, checked, store } = setup();
    const credential = await service.add({ name: ' Main ', description: 'US shop', apiKey: `  ${KEY_A} ` });
    expect(credential).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Main', description: 'US shop', accountId: 'ACC_A', accountName: 'Acme US', maskedKey: 'pk_…a1b2',
      createdAt: '2024-05-01T10:00:00.000Z', lastCheckedAt: '2024-05-01T10:00:00.000Z', missingScopes: [],
    });
    expect(checked).toEqual([KEY_A]);
    expect(secrets.entries.get(credential.id)).toBe(KEY_A);
    expect(await service.list()).toEqual([credential]);
    const rows = JSON.stringify(store.all(sql`SELECT * FROM credentials`));
    expect(rows).not.toContain('accountA_0000');
  });

  it('gives each credential a random id', async () => {
    const { service } = setup();
    const a = await service.add({ name: 'A', apiKey: KEY_A });
    const b = await service.add({ name: 'B', apiKey: KEY_B });
    expect(a.id).not.toBe(b.id);
  });

  it('stores and reports missing scopes without refusing the key', async () => {
    const { service, repo } = setup();
    const credential = await service.add({ name: 'Limited', apiKey: KEY_A2 });
    expect(credential.missingScopes).toEqual(['lists:write']);
    expect(repo.get(credential.id)?.missingScopes).toEqual(['lists:write']);
  });

  it('refuses a key Klaviyo rejects and saves nothing', async () => {
    const { service, secrets, repo } = setup();
    const error = await rejection(service.add({ name: 'Bad', apiKey: 'pk_not_a_real_key_at_all' }));
    expect(AppError.is(error, 'INVALID_CREDENTIALS')).toBe(true);
    expect(secrets.entries.size).toBe(0);
    expect(repo.list()).toEqual([]);
  });

  it('refuses a taken name before asking Klaviyo', async () => {
    const { service, checked, secrets } = setup();
    await service.add({ name: 'Main', apiKey: KEY_A });
    const error = await rejection(service.add({ name: 'MAIN', apiKey: KEY_B }));
    expect(AppError.is(error, 'CREDENTIAL_NAME_TAKEN')).toBe(true);
    expect(checked).toEqual([KEY_A]);
    expect(secrets.entries.size).toBe(1);
  });

  it('refuses input the contract does not allow', async () => {
    const { service } = setup();
    expect(AppError.is(await rejection(service.add({ name: '', apiKey: KEY_A })), 'INVALID_INPUT')).toBe(true);
    expect(AppError.is(await rejection(service.add({ name: 'x', apiKey: 'short' })), 'INVALID_INPUT')).toBe(true);
  });

  it('says the keychain is unavailable before checking the key, and saves nothing', async () => {
    const { service, secrets, checked, repo } = setup();
    secrets.setState('unavailable');
    expect(AppError.is(await rejection(service.add({ name: 'Main', apiKey: KEY_A })), 'KEYCHAIN_UNAVAILABLE')).toBe(true);
    secrets.setState('locked');
    expect(AppError.is(await rejection(service.add({ name: 'Main', apiKey: KEY_A })), 'KEYCHAIN_UNAVAILABLE')).toBe(true);
    expect(checked).toEqual([]);
    expect(repo.list()).toEqual([]);
  });

  it('writes no row when the keychain write fails', async () => {
    const { service, secrets, repo } = setup();
    secrets.failNext('set');
    expect(AppError.is(await rejection(service.add({ name: 'Main', apiKey: KEY_A })), 'KEYCHAIN_UNAVAILABLE')).toBe(true);
    expect(repo.list()).toEqual([]);
    expect(secrets.entries.size).toBe(0);
  });

  it('removes the keychain item again when the row cannot be written (no orphaned keys)', async () => {
    const context = setup({
      // Another window adds "Main" while Klaviyo is checking our key.
      checkKey: async (apiKey) => {
        context.repo.insert({ id: 'other', name: 'main', description: '', accountId: 'X', accountName: 'X', maskedKey: 'pk_…0000',
          createdAt: '2024-01-01T00:00:00.000Z', lastCheckedAt: null, missingScopes: [] });
        return accounts[apiKey]!;
      },
    });
    const error = await rejection(context.service.add({ name: 'Main', apiKey: KEY_A }));
    expect(AppError.is(error, 'CREDENTIAL_NAME_TAKEN')).toBe(true);
    expect(context.secrets.entries.size).toBe(0);
    expect(context.repo.list().map((c) => c.id)).toEqual(['other']);
  });

  it('refuses a key that cannot read its account, naming the scope to add', async () => {
    const { service, secrets, repo } = setup({ checkKey: async () => ({ accountId: null, accountName: null, missingScopes: ['accounts:read'] }) });
    const error = await rejection(service.add({ name: 'Main', apiKey: KEY_A }));
    expect(AppError.is(error, 'MISSING_SCOPE')).toBe(true);
    expect((error as AppError).action).toMatchObject({ kind: 'add_scope', scopes: ['accounts:read'] });
    expect(secrets.entries.size).toBe(0);
    expect(repo.list()).toEqual([]);
  });

  it('refuses a malformed answer from the key check', async () => {
    const { service, secrets } = setup({ checkKey: async () => ({ accountId: '', accountName: 'x', missingScopes: [] }) });
    expect(AppError.is(await rejection(service.add({ name: 'Main', apiKey: KEY_A })), 'UNEXPECTED_RESPONSE')).toBe(true);
    expect(secrets.entries.size).toBe(0);
  });

  it('stops, saving nothing, when cancelled during the check', async () => {
    const controller = new AbortController();
    const { service, secrets, repo } = setup({
      checkKey: async (apiKey) => {
        controller.abort(new AppError({ code: 'CANCELLED', message: 'Cancelled.' }));
        return accounts[apiKey]!;
      },
    });
    expect(AppError.is(await rejection(service.add({ name: 'Main', apiKey: KEY_A }, controller.signal)), 'CANCELLED')).toBe(true);
    expect(secrets.entries.size).toBe(0);
    expect(repo.list()).toEqual([]);
  });
});

describe('testing a credential', () => {
  it('re-checks the saved key and records the time, account name and missing scopes', async () => {
    // Between the two checks the account was renamed in Klaviyo and the key lost a scope.
    const answers = [accounts[KEY_A]!, { accountId: 'ACC_A', accountName: 'Acme Renamed', missingScopes: ['profiles:write'] }];
    const seen: string[] = [];
    const { service, advance, repo } = setup({ checkKey: async (apiKey) => { seen.push(apiKey); return answers[seen.length - 1]!; } });
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    advance(60_000);
    const check = await service.test(credential.id);
    expect(seen).toEqual([KEY_A, KEY_A]);
    expect(check).toEqual({ ok: false, accountId: 'ACC_A', accountName: 'Acme Renamed', missingScopes: ['profiles:write'], checkedAt: '2024-05-01T10:01:00.000Z' });
    expect(repo.get(credential.id)).toMatchObject({ accountName: 'Acme Renamed', missingScopes: ['profiles:write'], lastCheckedAt: '2024-05-01T10:01:00.000Z' });
  });

  it('says ok when the key can do everything a sync needs', async () => {
    const { service } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    expect((await service.test(credential.id)).ok).toBe(true);
  });

  it('reports an unknown credential as CREDENTIAL_NOT_FOUND', async () => {
    const { service } = setup();
    expect(AppError.is(await rejection(service.test('ghost')), 'CREDENTIAL_NOT_FOUND')).toBe(true);
  });

  it('offers "replace the key" when the keychain item has gone', async () => {
    const { service, secrets } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    await secrets.delete(credential.id);
    const error = await rejection(service.test(credential.id));
    expect(AppError.is(error, 'CREDENTIAL_NOT_FOUND')).toBe(true);
    expect((error as AppError).action?.kind).toBe('replace_key');
    expect((error as AppError).message).toMatch(/Replace the key/);
  });

  it('blames the locked keychain, not the key, when the keychain reads back nothing', async () => {
    const { service, secrets } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    secrets.setState('locked');
    expect(AppError.is(await rejection(service.test(credential.id)), 'KEYCHAIN_UNAVAILABLE')).toBe(true);
  });
});

describe('renaming a credential', () => {
  it('changes the name and, when given, the description', async () => {
    const { service } = setup();
    const credential = await service.add({ name: 'Main', description: 'first', apiKey: KEY_A });
    expect(await service.rename(credential.id, 'Primary')).toMatchObject({ name: 'Primary', description: 'first' });
    expect(await service.rename(credential.id, 'Primary', 'second')).toMatchObject({ name: 'Primary', description: 'second' });
  });

  it('refuses a name another credential has', async () => {
    const { service } = setup();
    await service.add({ name: 'Main', apiKey: KEY_A });
    const other = await service.add({ name: 'Other', apiKey: KEY_B });
    expect(AppError.is(await rejection(service.rename(other.id, 'main')), 'CREDENTIAL_NAME_TAKEN')).toBe(true);
  });

  it('reports an unknown credential', async () => {
    const { service } = setup();
    expect(AppError.is(await rejection(service.rename('ghost', 'x')), 'CREDENTIAL_NOT_FOUND')).toBe(true);
  });
});

describe('replacing a key', () => {
  it('overwrites the keychain item with a new key for the same account', async () => {
    const { service, secrets, advance } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    advance(1000);
    const replaced = await service.replaceKey(credential.id, KEY_A2);
    expect(replaced).toMatchObject({ id: credential.id, maskedKey: 'pk_…c3d4', accountName: 'Acme US (renamed)', missingScopes: ['lists:write'],
      lastCheckedAt: '2024-05-01T10:00:01.000Z', createdAt: credential.createdAt });
    expect(secrets.entries.get(credential.id)).toBe(KEY_A2);
    expect(secrets.entries.size).toBe(1);
  });

  it('refuses a key from another Klaviyo account, in plain words, and keeps the old key', async () => {
    const { service, secrets } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    const error = await rejection(service.replaceKey(credential.id, KEY_B));
    expect(AppError.is(error, 'INVALID_CREDENTIALS')).toBe(true);
    expect((error as AppError).message).toBe(
      'That key belongs to the Klaviyo account "Bravo EU", not "Acme US" which "Main" is for. Paste a key from "Acme US", or add this key as a new credential.');
    expect(secrets.entries.get(credential.id)).toBe(KEY_A);
  });

  it('refuses a key Klaviyo rejects and keeps the old one', async () => {
    const { service, secrets } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    expect(AppError.is(await rejection(service.replaceKey(credential.id, 'pk_revoked_key_0000')), 'INVALID_CREDENTIALS')).toBe(true);
    expect(secrets.entries.get(credential.id)).toBe(KEY_A);
  });

  it('repairs a credential whose keychain item was lost', async () => {
    const { service, secrets } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    await secrets.delete(credential.id);
    await service.replaceKey(credential.id, KEY_A2);
    expect(await service.getApiKey(credential.id)).toBe(KEY_A2);
  });

  it('puts the old key back when the row cannot be updated', async () => {
    const context = setup({
      checkKey: async (apiKey) => {
        // The credential is removed elsewhere while Klaviyo checks the new key.
        context.store.run(sql`DELETE FROM credentials`);
        return accounts[apiKey]!;
      },
    });
    const id = 'cred-1';
    context.repo.insert({ id, name: 'Main', description: '', accountId: 'ACC_A', accountName: 'Acme US', maskedKey: 'pk_…a1b2',
      createdAt: '2024-01-01T00:00:00.000Z', lastCheckedAt: null, missingScopes: [] });
    await context.secrets.set(id, KEY_A);
    expect(AppError.is(await rejection(context.service.replaceKey(id, KEY_A2)), 'CREDENTIAL_NOT_FOUND')).toBe(true);
    expect(context.secrets.entries.get(id)).toBe(KEY_A);
  });
});

describe('removing a credential', () => {
  it('deletes the keychain item and the row', async () => {
    const { service, secrets, repo } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    await service.remove(credential.id);
    expect(secrets.entries.size).toBe(0);
    expect(repo.list()).toEqual([]);
  });

  it('still removes the row when the key was already gone from the keychain', async () => {
    const { service, secrets, repo } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    await secrets.delete(credential.id);
    await service.remove(credential.id);
    expect(repo.list()).toEqual([]);
  });

  it('keeps the row when the keychain is unavailable or locked, so the key is never orphaned', async () => {
    const { service, secrets, repo } = setup();
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    for (const state of ['unavailable', 'locked'] as const) {
      secrets.setState(state);
      expect(AppError.is(await rejection(service.remove(credential.id)), 'KEYCHAIN_UNAVAILABLE')).toBe(true);
      expect(repo.get(credential.id)).toBeDefined();
    }
    secrets.setState('available');
    expect(secrets.entries.get(credential.id)).toBe(KEY_A);
  });

  it('reports an unknown credential', async () => {
    const { service } = setup();
    expect(AppError.is(await rejection(service.remove('ghost')), 'CREDENTIAL_NOT_FOUND')).toBe(true);
  });
});

describe('getting the key to call Klaviyo with (main side only)', () => {
  it("returns a credential's key from the keychain", async () => {
    const { service } = setup();
    const a = await service.add({ name: 'A', apiKey: KEY_A });
    const b = await service.add({ name: 'B', apiKey: KEY_B });
    expect(await service.getApiKey(a.id)).toBe(KEY_A);
    expect(await service.getApiKey(b.id)).toBe(KEY_B);
  });

  it('uses KLAVIYO_API_KEY when no credential is named, without ever storing it', async () => {
    const { service, secrets, store } = setup({ envApiKey: ` ${KEY_B} ` });
    await service.add({ name: 'A', apiKey: KEY_A });
    expect(await service.getApiKey()).toBe(KEY_B);
    expect(service.environmentKey()).toEqual({ maskedKey: 'pk_…e5f6' });
    expect([...secrets.entries.values()]).not.toContain(KEY_B);
    expect(JSON.stringify(store.all(sql`SELECT * FROM credentials`))).not.toContain('accountB');
  });

  it('falls back to the only saved credential, and otherwise asks which one', async () => {
    const { service } = setup();
    expect(service.environmentKey()).toBeNull();
    expect(AppError.is(await rejection(service.getApiKey()), 'CREDENTIAL_NOT_FOUND')).toBe(true);
    await service.add({ name: 'A', apiKey: KEY_A });
    expect(await service.getApiKey()).toBe(KEY_A);
    await service.add({ name: 'B', apiKey: KEY_B });
    const error = await rejection(service.getApiKey());
    expect(AppError.is(error, 'CREDENTIAL_NOT_FOUND')).toBe(true);
    expect((error as AppError).message).toMatch(/"A", "B".*--credential NAME/);
  });

  it('reports an unknown id as CREDENTIAL_NOT_FOUND', async () => {
    const { service } = setup({ envApiKey: KEY_A });
    expect(AppError.is(await rejection(service.getApiKey('ghost')), 'CREDENTIAL_NOT_FOUND')).toBe(true);
  });

  it('resolves --credential by name (any case) or by id', async () => {
    const { service } = setup();
    const a = await service.add({ name: 'Main Store', apiKey: KEY_A });
    expect(service.resolve('main store').id).toBe(a.id);
    expect(service.resolve(a.id).id).toBe(a.id);
    expect(() => service.resolve('nope')).toThrow(expect.objectContaining({ code: 'CREDENTIAL_NOT_FOUND' }));
  });
});

describe('the key stays secret', () => {
  it('never appears in an error or a log line, whatever fails', async () => {
    const { service, secrets, logLines } = setup();
    const errors: unknown[] = [];
    const credential = await service.add({ name: 'Main', apiKey: KEY_A });
    errors.push(await rejection(service.add({ name: 'Main', apiKey: KEY_A })));
    errors.push(await rejection(service.replaceKey(credential.id, KEY_B)));
    errors.push(await rejection(service.add({ name: 'Bad', apiKey: 'pk_bad_key_0123456789' })));
    secrets.setState('locked');
    errors.push(await rejection(service.getApiKey(credential.id)));
    errors.push(await rejection(service.add({ name: 'Locked', apiKey: KEY_B })));
    secrets.setState('available');
    secrets.failNext('set');
    errors.push(await rejection(service.replaceKey(credential.id, KEY_A2)));
    const everything = JSON.stringify(errors.map((e) => (e instanceof AppError ? { ...e.toData(), stack: e.stack } : String(e)))) + logLines.join('\n');
    for (const key of [KEY_A, KEY_A2, KEY_B, 'pk_bad_key_0123456789']) expect(everything).not.toContain(key);
    expect(errors.every((e) => e instanceof AppError)).toBe(true);
  });
});

describe('credential handlers', () => {
  it('serve the AppApi channels from the service, returning only masks', async () => {
    const { service } = setup();
    const handlers = createCredentialHandlers(service);
    const added = await handlers.addCredential({ name: 'Main', description: '', apiKey: KEY_A });
    expect(JSON.stringify(added)).not.toContain(KEY_A);
    expect(await handlers.listCredentials(undefined)).toEqual([added]);
    expect((await handlers.testCredential({ id: added.id })).accountId).toBe('ACC_A');
    expect((await handlers.renameCredential({ id: added.id, name: 'Renamed' })).name).toBe('Renamed');
    expect((await handlers.replaceCredentialKey({ id: added.id, apiKey: KEY_A2 })).maskedKey).toBe('pk_…c3d4');
    await handlers.removeCredential({ id: added.id });
    expect(await handlers.listCredentials(undefined)).toEqual([]);
  });
});
