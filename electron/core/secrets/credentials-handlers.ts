import type { AppHandlers } from '../../../shared/api';
import type { CredentialsService } from './credentials-service';

export type CredentialHandlers = Pick<AppHandlers,
  'listCredentials' | 'addCredential' | 'testCredential' | 'renameCredential' | 'replaceCredentialKey' | 'removeCredential'>;

/** The AppApi's credential channels. Inputs arrive validated (shared/api.ts); only masks go back out. */
export function createCredentialHandlers(service: CredentialsService): CredentialHandlers {
  return {
    listCredentials: () => service.list(),
    addCredential: (input) => service.add(input),
    testCredential: ({ id }) => service.test(id),
    renameCredential: ({ id, name, description }) => service.rename(id, name, description),
    replaceCredentialKey: ({ id, apiKey }) => service.replaceKey(id, apiKey),
    removeCredential: ({ id }) => service.remove(id),
  };
}
