/** Secrets: the keychain behind SecretStore, and the credentials built on it. */
export type { SecretStore } from './secret-store';
export { createKeytarSecretStore, DEFAULT_KEYCHAIN_SERVICE, type KeytarSecretStoreOptions } from './keytar-secret-store';
export { keychainUnavailable } from './keychain-errors';
export {
  createCredentialsService, type CredentialsService, type CredentialsServiceOptions, type CheckKey, type KeyCheck,
} from './credentials-service';
export { createCredentialHandlers, type CredentialHandlers } from './credentials-handlers';
