import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient } from '../../../electron/core/klaviyo/index';
import { createCredentialsService, type CheckKey } from '../../../electron/core/secrets/credentials-service';
import { createKeytarSecretStore } from '../../../electron/core/secrets/keytar-secret-store';
import { openDatabase } from '../../../electron/core/store/open-database';
import { startEmulator, type Emulator } from '../../klaviyo-emulator/index';
import { assertPrivateKeyring } from './keyring-guard';
import { tempDir } from './temp-dir';

const keytar = createRequire(import.meta.url)('keytar') as {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
};

// Keys the emulator knows. Unique per run so nothing can collide with another test's keychain items.
const tag = randomUUID().replaceAll('-', '').slice(0, 12);
const KEYS = {
  acme: `pk_acme_${tag}_first000000000001`,
  acmeSecond: `pk_acme_${tag}_second00000000002`,
  acmeReadOnly: `pk_acme_${tag}_readonly000000003`,
  acmeNoAccount: `pk_acme_${tag}_noaccount00000004`,
  bravo: `pk_bravo_${tag}_key000000000000005`,
};
const ALL_BUT_ACCOUNTS = ['lists:read', 'lists:write', 'profiles:read', 'profiles:write'];

let emulator: Emulator;
// Klaviyo allows the accounts endpoint about once a second per account: run the emulator's clock (and
// tell the client) 50× faster so the key checks here don't wait on real-time windows.
const TIME_SCALE = 50;

beforeAll(async () => {
  assertPrivateKeyring();
  emulator = await startEmulator({
    timeScale: TIME_SCALE,
    apiKeys: [
      { key: KEYS.acme, account: { id: 'ACME01', name: 'Acme Outdoor' } },
      { key: KEYS.acmeSecond, account: { id: 'ACME01', name: 'Acme Outdoor' } },
      { key: KEYS.acmeReadOnly, account: { id: 'ACME01', name: 'Acme Outdoor' }, scopes: ['accounts:read', 'lists:read', 'profiles:read'] },
      { key: KEYS.acmeNoAccount, account: { id: 'ACME01', name: 'Acme Outdoor' }, scopes: ALL_BUT_ACCOUNTS },
      { key: KEYS.bravo, account: { id: 'BRAVO1', name: 'Bravo Goods' } },
    ],
  });
});
afterAll(async () => {
  await emulator?.close();
});

function setup() {
  const dataDir = tempDir();
  const service = `Audience Sync test ${randomUUID()}`;
  const secrets = createKeytarSecretStore({ service });
  // How the app wires it: the real client, pointed at the emulator instead of a.klaviyo.com.
  const checkKey: CheckKey = (apiKey, signal) => createKlaviyoClient({ apiKey, baseUrl: emulator.url, timeScale: TIME_SCALE }).checkKey({ signal });
  const store = openDatabase({ dataDir });
  onTestFinished(async () => {
    store.close();
    for (const item of await keytar.findCredentials(service)) await secrets.delete(item.account);
  });
  return { dataDir, service, store, credentials: createCredentialsService({ store, secrets, checkKey }) };
}

describe('credentials checked by the real Klaviyo client against the emulator', () => {
  it('adds a key with the account Klaviyo names, and the key only in the keychain', async () => {
    const t = setup();
    const credential = await t.credentials.add({ name: 'Acme', apiKey: KEYS.acme });
    expect(credential).toMatchObject({ accountId: 'ACME01', accountName: 'Acme Outdoor', missingScopes: [], maskedKey: `pk_…${KEYS.acme.slice(-4)}` });
    expect(await keytar.findCredentials(t.service)).toEqual([{ account: credential.id, password: KEYS.acme }]);
    const bytes = Buffer.concat(readdirSync(t.dataDir).map((name) => readFileSync(join(t.dataDir, name))));
    expect(bytes.includes(KEYS.acme)).toBe(false);
  });

  it('stores and reports the scopes a key lacks without refusing it', async () => {
    const t = setup();
    const credential = await t.credentials.add({ name: 'Read only', apiKey: KEYS.acmeReadOnly });
    expect(credential.missingScopes).toEqual(['lists:write', 'profiles:write']);
    expect((await t.credentials.test(credential.id)).ok).toBe(false);
  });

  it('refuses a key Klaviyo does not know, saving nothing', async () => {
    const t = setup();
    const error = await t.credentials.add({ name: 'Typo', apiKey: `pk_unknown_${tag}_00000000000` }).catch((e: unknown) => e);
    expect(AppError.is(error, 'INVALID_CREDENTIALS')).toBe(true);
    expect(await t.credentials.list()).toEqual([]);
    expect(await keytar.findCredentials(t.service)).toEqual([]);
  });

  it('refuses a key that cannot name its account', async () => {
    const t = setup();
    const error = await t.credentials.add({ name: 'No account', apiKey: KEYS.acmeNoAccount }).catch((e: unknown) => e);
    expect(AppError.is(error, 'MISSING_SCOPE')).toBe(true);
    expect(await keytar.findCredentials(t.service)).toEqual([]);
  });

  it('replaces a key only with one from the same account', async () => {
    const t = setup();
    const credential = await t.credentials.add({ name: 'Acme', apiKey: KEYS.acme });
    await expect(t.credentials.replaceKey(credential.id, KEYS.bravo)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await t.credentials.getApiKey(credential.id)).toBe(KEYS.acme);
    const replaced = await t.credentials.replaceKey(credential.id, KEYS.acmeSecond);
    expect(replaced.maskedKey).toBe(`pk_…${KEYS.acmeSecond.slice(-4)}`);
    expect(await t.credentials.getApiKey(credential.id)).toBe(KEYS.acmeSecond);
  });

  it('reports a key revoked in Klaviyo when the credential is tested', async () => {
    const t = setup();
    const revocable = `pk_acme_${tag}_revoked000000006`;
    emulator.control.addKey(revocable, { account: { id: 'ACME01', name: 'Acme Outdoor' } });
    const credential = await t.credentials.add({ name: 'Soon revoked', apiKey: revocable });
    emulator.control.revokeKey(revocable);
    const error = await t.credentials.test(credential.id).catch((e: unknown) => e);
    expect(AppError.is(error, 'INVALID_CREDENTIALS')).toBe(true);
    expect(JSON.stringify((error as AppError).toData())).not.toContain(revocable);
  });
});
