import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../../../electron/core/log';
import { createCredentialsService, type CheckKey } from '../../../electron/core/secrets/credentials-service';
import { createKeytarSecretStore } from '../../../electron/core/secrets/keytar-secret-store';
import { openDatabase } from '../../../electron/core/store/open-database';
import { assertPrivateKeyring } from './keyring-guard';
import { tempDir } from './temp-dir';

const keytar = createRequire(import.meta.url)('keytar') as {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
};

const newKey = (tag: string) => `pk_${tag}${randomUUID().replaceAll('-', '')}`;

function setup() {
  const dataDir = join(tempDir(), 'Audience Sync for Klaviyo');
  const service = `Audience Sync test ${randomUUID()}`;
  const secrets = createKeytarSecretStore({ service });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  // Klaviyo's answer for each key (the real client is exercised against the emulator elsewhere).
  const accounts = new Map<string, { accountId: string; accountName: string; missingScopes: string[] }>();
  const checkKey: CheckKey = async (apiKey) => {
    logger.debug('checking key', { apiKey }); // what a careless client might log: must come out redacted
    const account = accounts.get(apiKey);
    if (!account) throw new AppError({ code: 'INVALID_CREDENTIALS', message: 'Klaviyo does not accept this key.' });
    return account;
  };
  let store = openDatabase({ dataDir });
  let credentialsService = createCredentialsService({ store, secrets, checkKey, logger });
  onTestFinished(async () => {
    store.close();
    for (const item of await keytar.findCredentials(service)) await secrets.delete(item.account);
  });
  return {
    dataDir, service, accounts, logLines,
    get store() { return store; },
    get credentials() { return credentialsService; },
    /** Closes and reopens everything, as an app restart would. */
    restart() {
      store.close();
      store = openDatabase({ dataDir });
      credentialsService = createCredentialsService({ store, secrets: createKeytarSecretStore({ service }), checkKey, logger });
    },
  };
}

/** Every byte the history folder holds (database, -wal, -shm), as one buffer. */
function historyBytes(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name))));
}

describe('credentials on a real SQLite file and the real keychain', () => {
  beforeAll(assertPrivateKeyring);

  it('adds a credential: the key goes to the keychain only, the metadata to SQLite', async () => {
    const t = setup();
    const key = newKey('main');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: ['lists:write'] });
    const credential = await t.credentials.add({ name: 'Main', description: 'US', apiKey: key });

    expect(await keytar.findCredentials(t.service)).toEqual([{ account: credential.id, password: key }]);
    expect(credential).toMatchObject({ name: 'Main', accountName: 'Acme', maskedKey: `pk_…${key.slice(-4)}`, missingScopes: ['lists:write'] });
    expect(existsSync(`${t.store.path}-wal`)).toBe(true);
    // The database, its WAL (where the fresh row is) and shared memory file never hold the key.
    const bytes = historyBytes(t.dataDir);
    expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(key.slice(3, 20))).toBe(false);
    expect(bytes.includes(credential.id)).toBe(true); // the scan does see what is there
  });

  it('keeps credentials across a restart, with their keys readable', async () => {
    const t = setup();
    const key = newKey('restart');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    const credential = await t.credentials.add({ name: 'Main', apiKey: key });
    t.restart();
    expect(await t.credentials.list()).toEqual([credential]);
    expect(await t.credentials.getApiKey(credential.id)).toBe(key);
  });

  it('tests, renames, replaces the key and removes, keeping keychain and rows in step', async () => {
    const t = setup();
    const first = newKey('first');
    const second = newKey('second');
    const otherAccount = newKey('other');
    t.accounts.set(first, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    t.accounts.set(second, { accountId: 'ACC1', accountName: 'Acme Inc', missingScopes: [] });
    t.accounts.set(otherAccount, { accountId: 'ACC2', accountName: 'Other', missingScopes: [] });
    const credential = await t.credentials.add({ name: 'Main', apiKey: first });

    expect(await t.credentials.test(credential.id)).toMatchObject({ ok: true, accountId: 'ACC1' });
    expect((await t.credentials.rename(credential.id, 'Primary', 'the main one')).name).toBe('Primary');

    await expect(t.credentials.replaceKey(credential.id, otherAccount)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await t.credentials.getApiKey(credential.id)).toBe(first);

    const replaced = await t.credentials.replaceKey(credential.id, second);
    expect(replaced).toMatchObject({ name: 'Primary', accountName: 'Acme Inc', maskedKey: `pk_…${second.slice(-4)}` });
    expect(await keytar.findCredentials(t.service)).toEqual([{ account: credential.id, password: second }]);

    await t.credentials.remove(credential.id);
    expect(await keytar.findCredentials(t.service)).toEqual([]);
    expect(await t.credentials.list()).toEqual([]);
    t.restart();
    expect(await t.credentials.list()).toEqual([]);
    expect(historyBytes(t.dataDir).includes(second)).toBe(false);
  });

  it('leaves nothing behind when Klaviyo refuses the key or the name is taken', async () => {
    const t = setup();
    const key = newKey('taken');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    await t.credentials.add({ name: 'Main', apiKey: key });
    await expect(t.credentials.add({ name: 'Bad', apiKey: newKey('refused') })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(t.credentials.add({ name: 'main', apiKey: key })).rejects.toMatchObject({ code: 'CREDENTIAL_NAME_TAKEN' });
    expect(await keytar.findCredentials(t.service)).toHaveLength(1);
    expect(await t.credentials.list()).toHaveLength(1);
  });

  it('offers "replace the key" when the keychain item was deleted outside the app', async () => {
    const t = setup();
    const key = newKey('gone');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    const credential = await t.credentials.add({ name: 'Main', apiKey: key });
    await createKeytarSecretStore({ service: t.service }).delete(credential.id);
    const error = await t.credentials.getApiKey(credential.id).catch((e: unknown) => e);
    expect(AppError.is(error, 'CREDENTIAL_NOT_FOUND')).toBe(true);
    expect((error as AppError).action?.kind).toBe('replace_key');
  });

  it('never lets the key into an error or a log line', async () => {
    const t = setup();
    const key = newKey('logged');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    const credential = await t.credentials.add({ name: 'Main', apiKey: key });
    const refused = newKey('refusedlog');
    const errors = await Promise.all([
      t.credentials.add({ name: 'Main', apiKey: key }).catch((e: unknown) => e),
      t.credentials.add({ name: 'Other', apiKey: refused }).catch((e: unknown) => e),
      t.credentials.replaceKey(credential.id, refused).catch((e: unknown) => e),
    ]);
    expect(t.logLines.length).toBeGreaterThan(0);
    const text = JSON.stringify(errors.map((e) => (e instanceof AppError ? e.toData() : String(e)))) + t.logLines.join('\n');
    expect(text).not.toContain(key);
    expect(text).not.toContain(refused);
    expect(text).not.toContain(key.slice(3, 20));
  });

  it('keeps the history folder and files private to the user', async () => {
    const t = setup();
    const key = newKey('perm');
    t.accounts.set(key, { accountId: 'ACC1', accountName: 'Acme', missingScopes: [] });
    await t.credentials.add({ name: 'Main', apiKey: key });
    if (process.platform === 'win32') return;
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(t.dataDir)) expect(statSync(join(t.dataDir, name)).mode & 0o777).toBe(0o600);
  });
});
