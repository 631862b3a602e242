import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { maskKey } from '../../../shared/credentials';
import { redact } from '../../../electron/core/log';
import { keychainFix, keychainUnavailable } from '../../../electron/core/secrets/keychain-errors';
import { createKeytarSecretStore, type KeytarLike } from '../../../electron/core/secrets/keytar-secret-store';

describe('KEYCHAIN_UNAVAILABLE wording', () => {
  it('tells Linux users to install and unlock a Secret Service provider, and how on a server', () => {
    const error = keychainUnavailable('linux', 'Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toContain('Cannot autolaunch D-Bus');
    expect(error.message).toMatch(/Install and unlock GNOME Keyring or KWallet/);
    expect(error.action?.steps.join(' ')).toMatch(/dbus-run-session.*gnome-keyring-daemon --unlock/);
    expect(error.message).toMatch(/never saved anywhere else/);
  });

  it('tells macOS users to unlock the login keychain', () => {
    expect(keychainFix('darwin').steps[0]).toMatch(/unlock the "login" keychain/);
    expect(keychainUnavailable('darwin', 'User interaction is not allowed.').message).toMatch(/macOS Keychain/);
  });

  it('points Windows users at Credential Manager', () => {
    expect(keychainUnavailable('win32', 'Element not found.').message).toMatch(/Windows Credential Manager/);
  });
});

/** A stand-in for the native module, acting out what keytar does on a Linux keyring. */
function fakeKeytar(mode: 'ok' | 'locked' | 'no-dbus' = 'ok') {
  const items = new Map<string, string>();
  const calls: string[] = [];
  const keytar: KeytarLike = {
    async getPassword(service, account) {
      calls.push(`get ${account}`);
      if (mode === 'no-dbus') throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      return mode === 'locked' ? null : (items.get(`${service}/${account}`) ?? null);
    },
    async setPassword(service, account, password) {
      calls.push(`set ${account}`);
      if (mode === 'no-dbus') throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      if (mode === 'ok') items.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      calls.push(`delete ${account}`);
      if (mode === 'no-dbus') throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      return items.delete(`${service}/${account}`);
    },
  };
  return { keytar, items, calls };
}

describe('keytar secret store (against a stand-in module)', () => {
  it('files secrets under its service name and reads them back', async () => {
    const { keytar, items } = fakeKeytar();
    const store = createKeytarSecretStore({ service: 'Test service', loadKeytar: async () => keytar });
    await store.set('cred-1', 'pk_abcdefghijklmnop');
    expect(items.get('Test service/cred-1')).toBe('pk_abcdefghijklmnop');
    expect(await store.get('cred-1')).toBe('pk_abcdefghijklmnop');
    expect(await store.delete('cred-1')).toBe(true);
    expect(await store.get('cred-1')).toBeNull();
  });

  it('accepts the module as a dynamic import gives it ({ default })', async () => {
    const { keytar } = fakeKeytar();
    const store = createKeytarSecretStore({ loadKeytar: async () => ({ default: keytar }) });
    await expect(store.probe()).resolves.toBeUndefined();
  });

  it('registers a key it reads or writes so the log redacts it', async () => {
    const { keytar } = fakeKeytar();
    const store = createKeytarSecretStore({ loadKeytar: async () => keytar });
    await store.set('c', 'sk-not-a-pk-prefix-secret-123');
    expect(redact('key is sk-not-a-pk-prefix-secret-123')).toBe('key is [redacted]');
  });

  it('turns a missing native module into KEYCHAIN_UNAVAILABLE, not a crash', async () => {
    const store = createKeytarSecretStore({
      platform: 'linux',
      loadKeytar: async () => { throw new Error("Cannot find module 'keytar'"); },
    });
    const error = await store.get('x').catch((e: unknown) => e);
    expect(AppError.is(error, 'KEYCHAIN_UNAVAILABLE')).toBe(true);
    expect((error as AppError).message).toMatch(/could not be loaded: Cannot find module 'keytar'/);
    await expect(store.probe()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('refuses a module without the keytar functions', async () => {
    const store = createKeytarSecretStore({ loadKeytar: async () => ({ something: 'else' }) });
    await expect(store.probe()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('turns every keychain failure into KEYCHAIN_UNAVAILABLE with the reason', async () => {
    const { keytar } = fakeKeytar('no-dbus');
    const store = createKeytarSecretStore({ platform: 'linux', loadKeytar: async () => keytar });
    for (const attempt of [() => store.get('a'), () => store.set('a', 'pk_secretsecret'), () => store.delete('a'), () => store.probe()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(AppError.is(error, 'KEYCHAIN_UNAVAILABLE')).toBe(true);
      expect((error as AppError).details?.reason).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY');
    }
  });

  it('detects a locked keyring that accepts writes and reads back nothing', async () => {
    const { keytar } = fakeKeytar('locked');
    const store = createKeytarSecretStore({ platform: 'linux', loadKeytar: async () => keytar });
    expect(await store.get('a')).toBeNull(); // what keytar does: no error, just nothing
    await expect(store.probe()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(store.set('a', 'pk_secretsecret')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('probes with a throwaway item it removes again, under a fresh name each time', async () => {
    const { keytar, items, calls } = fakeKeytar();
    const store = createKeytarSecretStore({ loadKeytar: async () => keytar });
    await store.probe();
    await store.probe();
    expect(items.size).toBe(0);
    const probed = calls.filter((c) => c.startsWith('set ')).map((c) => c.slice(4));
    expect(new Set(probed).size).toBe(2);
  });

  it('never puts a secret in the error when the keychain echoes it back', async () => {
    const secret = 'pk_leakyleakyleaky1234';
    const keytar: KeytarLike = {
      getPassword: async () => null,
      setPassword: async (_s, _a, password) => { throw new Error(`refused to store ${password}`); },
      deletePassword: async () => false,
    };
    const store = createKeytarSecretStore({ loadKeytar: async () => keytar });
    const error = await store.set('a', secret).catch((e: unknown) => e);
    expect(AppError.is(error, 'KEYCHAIN_UNAVAILABLE')).toBe(true);
    expect(JSON.stringify((error as AppError).toData())).not.toContain('leakyleaky');
  });
});

describe('masking', () => {
  it('shows the pk_ prefix and the last four characters only', () => {
    expect(maskKey('pk_0123456789abcdefa1b2')).toBe('pk_…a1b2');
    expect(maskKey('  pk_0123456789abcdefa1b2  ')).toBe('pk_…a1b2');
    expect(maskKey('0123456789abcdefwxyz')).toBe('…wxyz');
  });
});
