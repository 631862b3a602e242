/**
 * An in-memory SecretStore for unit tests only: the app itself never keeps keys outside the keychain.
 * It can act out the keychain's failure modes, so services are tested against each of them.
 */
import { registerSecret } from '../log';
import { keychainUnavailable } from './keychain-errors';
import type { SecretStore } from './secret-store';

/**
 * available: works. unavailable: every call throws (no D-Bus, no Secret Service).
 * locked: like a locked Linux keyring: reads return null, writes are silently dropped, deletes delete nothing.
 */
export type MemoryKeychainState = 'available' | 'unavailable' | 'locked';

export interface MemorySecretStore extends SecretStore {
  readonly entries: ReadonlyMap<string, string>;
  setState(state: MemoryKeychainState): void;
  /** Makes the next `set` (or, with 'delete', the next `delete`) throw KEYCHAIN_UNAVAILABLE once. */
  failNext(operation: 'set' | 'delete'): void;
}

export function createMemorySecretStore(initial: Record<string, string> = {}): MemorySecretStore {
  const entries = new Map(Object.entries(initial));
  let state: MemoryKeychainState = 'available';
  const failing = new Set<'set' | 'delete'>();
  const unavailable = () => keychainUnavailable('linux', 'simulated: no Secret Service');
  const failOnce = (operation: 'set' | 'delete') => {
    if (failing.delete(operation)) throw keychainUnavailable('linux', `simulated: ${operation} failed`);
  };

  return {
    entries,
    setState: (next) => {
      state = next;
    },
    failNext: (operation) => {
      failing.add(operation);
    },
    async get(id) {
      if (state === 'unavailable') throw unavailable();
      if (state === 'locked') return null;
      const secret = entries.get(id) ?? null;
      if (secret !== null) registerSecret(secret);
      return secret;
    },
    async set(id, secret) {
      registerSecret(secret);
      if (state === 'unavailable') throw unavailable();
      failOnce('set');
      // Same contract as the keytar store: a locked keychain's silent drop is detected and refused.
      if (state === 'locked') throw keychainUnavailable('linux', 'the keychain did not keep the key; it may be locked');
      entries.set(id, secret);
    },
    async delete(id) {
      if (state === 'unavailable') throw unavailable();
      failOnce('delete');
      if (state === 'locked') return false;
      return entries.delete(id);
    },
    async probe() {
      if (state !== 'available') throw unavailable();
    },
  };
}
