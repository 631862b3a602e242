/**
 * The SecretStore on the OS keychain through keytar: macOS Keychain, Windows Credential Manager, and
 * on Linux any Secret Service provider (GNOME Keyring, KWallet) over D-Bus.
 * keytar is loaded on first use, so a missing or broken native module is a KEYCHAIN_UNAVAILABLE the
 * user can read rather than a crash at start-up.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { redact, registerSecret } from '../log';
import { keychainUnavailable } from './keychain-errors';
import type { SecretStore } from './secret-store';

/** The part of keytar we use. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** The keychain "service" every item is filed under; tests use their own. */
  service?: string;
  /** How keytar is loaded (tests replace it to simulate a missing native module). */
  loadKeytar?: () => Promise<unknown>;
  platform?: NodeJS.Platform;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'Audience Sync for Klaviyo';

const defaultLoad = async (): Promise<unknown> => createRequire(import.meta.url)('keytar');

function isKeytar(value: unknown): value is KeytarLike {
  const candidate = value as Partial<Record<keyof KeytarLike, unknown>> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.getPassword === 'function'
    && typeof candidate.setPassword === 'function' && typeof candidate.deletePassword === 'function';
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Keychain errors name collections and buses, not secrets; redact anyway in case a library echoes one.
  return redact(text.split('\n')[0] ?? text).slice(0, 300);
}

export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  const platform = options.platform ?? process.platform;
  const load = options.loadKeytar ?? defaultLoad;
  let loaded: Promise<KeytarLike> | undefined;

  const keytar = (): Promise<KeytarLike> => {
    loaded ??= load().then(
      (module) => {
        // createRequire gives module.exports; a dynamic import() gives { default: module.exports }.
        const candidate = isKeytar(module) ? module : (module as { default?: unknown } | null)?.default;
        if (!isKeytar(candidate)) throw new Error('the keytar module does not have the expected functions');
        return candidate;
      },
    ).catch((error: unknown) => {
      throw keychainUnavailable(platform, `the keychain module could not be loaded: ${reasonOf(error)}`, error);
    });
    return loaded;
  };

  const call = async <T>(work: (k: KeytarLike) => Promise<T>): Promise<T> => {
    const k = await keytar();
    try {
      return await work(k);
    } catch (error) {
      throw keychainUnavailable(platform, reasonOf(error), error);
    }
  };

  const get = async (id: string): Promise<string | null> => {
    const secret = await call((k) => k.getPassword(service, id));
    if (secret !== null) registerSecret(secret);
    return secret;
  };

  const set = async (id: string, secret: string): Promise<void> => {
    registerSecret(secret);
    await call((k) => k.setPassword(service, id, secret));
    // A locked Secret Service collection can accept a write it does not keep (and reads of it then
    // return null), so a write is only trusted once it reads back.
    if ((await get(id)) !== secret) {
      throw keychainUnavailable(platform, 'the keychain did not keep the key; it may be locked');
    }
  };

  return {
    get,
    set,
    delete: (id) => call((k) => k.deletePassword(service, id)),
    async probe() {
      // A throwaway item under a fresh name: parallel probes (app and command line) can't disturb each other.
      const account = `probe-${randomUUID()}`;
      const value = randomUUID();
      await call((k) => k.setPassword(service, account, value));
      const readBack = await call((k) => k.getPassword(service, account));
      await call((k) => k.deletePassword(service, account));
      if (readBack !== value) {
        throw keychainUnavailable(platform, 'the keychain is locked or did not keep a test item');
      }
    },
  };
}
