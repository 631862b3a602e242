/**
 * Where API keys live: the OS keychain, behind this small interface so the services above it are
 * tested with an in-memory store and the real keychain is tested once, on its own.
 * Implementations never fall back to plaintext: no keychain means KEYCHAIN_UNAVAILABLE.
 */
export interface SecretStore {
  /** The secret saved under `id`, or null when there is none (or, on Linux, when the keyring is locked). */
  get(id: string): Promise<string | null>;
  /** Saves (or overwrites) the secret under `id`; throws KEYCHAIN_UNAVAILABLE if it was not kept. */
  set(id: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(id: string): Promise<boolean>;
  /** Resolves when the keychain can store and return a secret right now; throws KEYCHAIN_UNAVAILABLE otherwise. */
  probe(): Promise<void>;
}
