import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { redact } from '../../../electron/core/log';
import { createKeytarSecretStore } from '../../../electron/core/secrets/keytar-secret-store';
import { assertPrivateKeyring } from './keyring-guard';

/** A store under a service name of its own, emptied when the test ends (parallel-safe). */
function freshStore() {
  const service = `Audience Sync test ${randomUUID()}`;
  const store = createKeytarSecretStore({ service });
  const used = new Set<string>();
  onTestFinished(async () => {
    for (const id of used) await store.delete(id);
  });
  return { store, service, use: (id: string) => (used.add(id), id) };
}

describe('keytar secret store on the real keychain', () => {
  beforeAll(assertPrivateKeyring);

  it('passes the probe on an unlocked keychain', async () => {
    await expect(freshStore().store.probe()).resolves.toBeUndefined();
  });

  it('saves, reads back and deletes a key', async () => {
    const { store, use } = freshStore();
    const id = use(randomUUID());
    const key = `pk_${randomUUID().replaceAll('-', '')}`;
    expect(await store.get(id)).toBeNull();
    await store.set(id, key);
    expect(await store.get(id)).toBe(key);
    expect(await store.delete(id)).toBe(true);
    expect(await store.get(id)).toBeNull();
    expect(await store.delete(id)).toBe(false);
  });

  it('overwrites a key in place', async () => {
    const { store, use } = freshStore();
    const id = use('cred');
    await store.set(id, 'pk_first_key_000000');
    await store.set(id, 'pk_second_key_11111');
    expect(await store.get(id)).toBe('pk_second_key_11111');
  });

  it('keeps keys of different credentials and different services apart', async () => {
    const a = freshStore();
    const b = freshStore();
    await a.store.set(a.use('same-id'), 'pk_service_a_secret');
    await b.store.set(b.use('same-id'), 'pk_service_b_secret');
    await a.store.set(a.use('other-id'), 'pk_service_a_other');
    expect(await a.store.get('same-id')).toBe('pk_service_a_secret');
    expect(await b.store.get('same-id')).toBe('pk_service_b_secret');
    expect(await a.store.get('other-id')).toBe('pk_service_a_other');
  });

  it('round-trips unicode exactly', async () => {
    const { store, use } = freshStore();
    const secret = 'pk_clé-🔑-ключ-鍵-\u0301-\u{1F600}';
    await store.set(use('unicode-é-🔑'), secret);
    expect(await store.get('unicode-é-🔑')).toBe(secret);
  });

  it('round-trips a long key', async () => {
    const { store, use } = freshStore();
    const secret = `pk_${'x'.repeat(5000)}${randomUUID()}`;
    await store.set(use('long'), secret);
    expect(await store.get('long')).toBe(secret);
  });

  it('registers keys it reads so logs redact them', async () => {
    const { store, use } = freshStore();
    const secret = `secret-${randomUUID()}`;
    await store.set(use('redacted'), secret);
    expect(await store.get('redacted')).toBe(secret);
    expect(redact(`the key was ${secret}`)).toBe('the key was [redacted]');
  });

  it('leaves no probe items behind', async () => {
    const { store, service } = freshStore();
    await store.probe();
    await store.probe();
    // keytar can list a service's items: use it to check nothing is left.
    const keytar = createRequire(import.meta.url)('keytar') as { findCredentials(service: string): Promise<unknown[]> };
    expect(await keytar.findCredentials(service)).toEqual([]);
  });
});
