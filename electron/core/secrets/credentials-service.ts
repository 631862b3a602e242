/**
 * Named Klaviyo credentials: metadata in SQLite, the key only in the keychain (under the credential's
 * id). Every change keeps the two in step: the keychain is written first and undone if the row can't
 * be, so neither a key without a credential nor a credential whose key was silently lost is left behind.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AddCredentialSchema, RenameCredentialSchema, ReplaceKeySchema, maskKey, type Credential, type CredentialCheck,
} from '../../../shared/credentials';
import { AppError } from '../../../shared/errors';
import { createLogger, registerSecret, type Logger } from '../log';
import { throwIfCancelled } from '../tasks';
import { createCredentialsRepo, credentialNotFound, type CredentialsRepo } from '../store/credentials-repo';
import type { Store } from '../store/store';
import type { SecretStore } from './secret-store';

/**
 * What Klaviyo says about a key (electron/core/klaviyo's client.checkKey provides it). Throws
 * INVALID_CREDENTIALS for a bad key. The account is null when the key lacks accounts:read.
 */
export interface KeyCheck {
  accountId: string | null;
  accountName: string | null;
  missingScopes: string[];
}

/** A key check that named its account. */
interface CheckedAccount {
  accountId: string;
  accountName: string;
  missingScopes: string[];
}
export type CheckKey = (apiKey: string, signal?: AbortSignal) => Promise<KeyCheck>;

export interface CredentialsServiceOptions {
  store: Store;
  secrets: SecretStore;
  checkKey: CheckKey;
  /** KLAVIYO_API_KEY, for automation: used when no credential is named, never stored. */
  envApiKey?: string;
  now?: () => Date;
  logger?: Logger;
}

export interface CredentialsService {
  list(): Promise<Credential[]>;
  add(input: z.input<typeof AddCredentialSchema>, signal?: AbortSignal): Promise<Credential>;
  test(id: string, signal?: AbortSignal): Promise<CredentialCheck>;
  rename(id: string, name: string, description?: string): Promise<Credential>;
  replaceKey(id: string, apiKey: string, signal?: AbortSignal): Promise<Credential>;
  remove(id: string): Promise<void>;
  /**
   * Main side only: the key to call Klaviyo with. With an id, that credential's key from the keychain.
   * Without: KLAVIYO_API_KEY if set, else the only saved credential if there is exactly one.
   */
  getApiKey(id?: string): Promise<string>;
  /** Finds a credential by id or by name (case-insensitive), for the command line's --credential. */
  resolve(idOrName: string): Credential;
  /** The environment key's mask, for AppInfo; null when KLAVIYO_API_KEY is not set. */
  environmentKey(): { maskedKey: string } | null;
}

const KeyCheckSchema = z.object({
  accountId: z.string().min(1).nullable(),
  accountName: z.string().nullable(),
  missingScopes: z.array(z.string()),
});

export function createCredentialsService(options: CredentialsServiceOptions): CredentialsService {
  const repo: CredentialsRepo = createCredentialsRepo(options.store);
  const { secrets } = options;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger({ scope: 'credentials' });
  const envApiKey = options.envApiKey?.trim() || undefined;
  if (envApiKey) registerSecret(envApiKey);

  const check = async (apiKey: string, signal?: AbortSignal): Promise<CheckedAccount> => {
    throwIfCancelled(signal);
    const result = KeyCheckSchema.safeParse(await options.checkKey(apiKey, signal));
    if (!result.success) {
      throw new AppError({ code: 'UNEXPECTED_RESPONSE', message: 'Klaviyo answered the key check in a way Audience Sync does not understand. Try again later.' });
    }
    throwIfCancelled(signal);
    const { accountId, accountName, missingScopes } = result.data;
    // Other missing scopes are reported and stored; this one is fatal, because without it nobody can
    // tell which account the key opens (and "replace the key" could not check it is the same account).
    if (accountId === null) throw cannotReadAccount();
    return { accountId, accountName: accountName ?? accountId, missingScopes };
  };

  const requireCredential = (id: string): Credential => {
    const credential = repo.get(id);
    if (!credential) throw credentialNotFound(id);
    return credential;
  };

  /** Puts the keychain back as it was after a row write failed; a failure here is logged, not thrown over the original. */
  const restoreKey = async (id: string, previous: string | null) => {
    try {
      if (previous === null) await secrets.delete(id);
      else await secrets.set(id, previous);
    } catch (error) {
      logger.error('Could not undo a keychain change after the database refused the credential', { id, error });
    }
  };

  const keyFor = async (credential: Credential): Promise<string> => {
    const key = await secrets.get(credential.id);
    if (key !== null) {
      registerSecret(key);
      return key;
    }
    // A locked Linux keyring reads as "no such item": tell the two apart before blaming the key.
    await secrets.probe();
    throw keyMissing(credential);
  };

  return {
    async list() {
      return repo.list();
    },

    async add(input, signal) {
      const { name, description, apiKey } = parseInput(AddCredentialSchema, input);
      registerSecret(apiKey);
      if (repo.findByName(name)) throw nameTaken(name);
      // Before asking Klaviyo anything: there is no point checking a key we could not keep.
      await secrets.probe();
      const account = await check(apiKey, signal);
      const at = now().toISOString();
      const credential: Credential = {
        id: randomUUID(),
        name,
        description,
        accountId: account.accountId,
        accountName: account.accountName,
        maskedKey: maskKey(apiKey),
        createdAt: at,
        lastCheckedAt: at,
        missingScopes: account.missingScopes,
      };
      await secrets.set(credential.id, apiKey);
      try {
        repo.insert(credential);
      } catch (error) {
        await restoreKey(credential.id, null);
        throw error;
      }
      return credential;
    },

    async test(id, signal) {
      const credential = requireCredential(id);
      const account = await check(await keyFor(credential), signal);
      const checkedAt = now().toISOString();
      repo.update(id, { accountName: account.accountName, missingScopes: account.missingScopes, lastCheckedAt: checkedAt });
      return { ok: account.missingScopes.length === 0, accountId: account.accountId, accountName: account.accountName, missingScopes: account.missingScopes, checkedAt };
    },

    async rename(id, name, description) {
      const parsed = parseInput(RenameCredentialSchema, { id, name, description });
      return repo.update(parsed.id, { name: parsed.name, description: parsed.description });
    },

    async replaceKey(id, apiKey, signal) {
      const parsed = parseInput(ReplaceKeySchema, { id, apiKey });
      registerSecret(parsed.apiKey);
      const credential = requireCredential(parsed.id);
      await secrets.probe();
      const account = await check(parsed.apiKey, signal);
      if (account.accountId !== credential.accountId) throw otherAccount(credential, account);
      const previous = await secrets.get(credential.id);
      await secrets.set(credential.id, parsed.apiKey);
      try {
        return repo.update(credential.id, {
          maskedKey: maskKey(parsed.apiKey),
          accountName: account.accountName,
          missingScopes: account.missingScopes,
          lastCheckedAt: now().toISOString(),
        });
      } catch (error) {
        await restoreKey(credential.id, previous);
        throw error;
      }
    },

    async remove(id) {
      requireCredential(id);
      const deleted = await secrets.delete(id);
      // "Nothing deleted" is normal for a key already gone, but a locked keyring says the same while
      // keeping the key: check, so the row is never dropped with its key left behind.
      if (!deleted) await secrets.probe();
      repo.remove(id);
    },

    async getApiKey(id) {
      if (id !== undefined) return keyFor(requireCredential(id));
      if (envApiKey) return envApiKey;
      const all = repo.list();
      if (all.length === 1 && all[0]) return keyFor(all[0]);
      throw new AppError({
        code: 'CREDENTIAL_NOT_FOUND',
        message: all.length === 0
          ? 'No Klaviyo key is set up yet. Add one under Accounts (klaviyo-sync credentials add), or set KLAVIYO_API_KEY.'
          : `Several Klaviyo credentials are saved (${all.map((c) => `"${c.name}"`).join(', ')}). Choose one (--credential NAME), or set KLAVIYO_API_KEY.`,
        details: { credentials: all.length },
      });
    },

    resolve(idOrName) {
      const credential = repo.get(idOrName) ?? repo.findByName(idOrName);
      if (!credential) {
        throw new AppError({
          code: 'CREDENTIAL_NOT_FOUND',
          message: `There is no credential named "${idOrName.trim()}". List them with klaviyo-sync credentials list.`,
          details: { name: idOrName.trim() },
        });
      }
      return credential;
    },

    environmentKey: () => (envApiKey ? { maskedKey: maskKey(envApiKey) } : null),
  };
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    // Zod messages name the rule, never the value, so the key cannot leak through here.
    throw new AppError({ code: 'INVALID_INPUT', message: result.error.issues.map((issue) => issue.message).join(' ') });
  }
  return result.data;
}

function nameTaken(name: string): AppError {
  return new AppError({
    code: 'CREDENTIAL_NAME_TAKEN',
    message: `There is already a credential named "${name}". Choose another name.`,
    details: { name },
  });
}

function keyMissing(credential: Credential): AppError {
  const message = `The key for "${credential.name}" is no longer in your system keychain (it may have been deleted there).`;
  return new AppError({
    code: 'CREDENTIAL_NOT_FOUND',
    message: `${message} Replace the key to keep using this credential.`,
    details: { id: credential.id, name: credential.name },
    action: {
      kind: 'replace_key',
      title: 'Replace the key',
      message,
      steps: [
        'In Klaviyo, open Settings → API keys and copy a private API key for this account (or create one).',
        `In Audience Sync, open Accounts, choose "Replace key" on "${credential.name}" and paste it (command line: klaviyo-sync credentials replace-key "${credential.name}").`,
      ],
    },
  });
}

function otherAccount(credential: Credential, account: CheckedAccount): AppError {
  return new AppError({
    code: 'INVALID_CREDENTIALS',
    message: `That key belongs to the Klaviyo account "${account.accountName}", not "${credential.accountName}" which "${credential.name}" is for. Paste a key from "${credential.accountName}", or add this key as a new credential.`,
    details: { id: credential.id, expectedAccountId: credential.accountId, actualAccountId: account.accountId },
  });
}

function cannotReadAccount(): AppError {
  const message = 'This key cannot read its Klaviyo account (it lacks the accounts:read scope), so Audience Sync cannot tell which account it belongs to.';
  return new AppError({
    code: 'MISSING_SCOPE',
    message: `${message} Add the "Accounts: Read" scope to the key in Klaviyo, or create a key that has it.`,
    details: { scope: 'accounts:read' },
    action: {
      kind: 'add_scope',
      title: 'Add the accounts:read scope',
      message,
      scopes: ['accounts:read'],
      steps: [
        'In Klaviyo, open Settings → API keys.',
        'Edit the private key (or create a new one) and give it Read access to Accounts, plus the list and profile scopes a sync needs.',
        'Paste the key into Audience Sync again.',
      ],
    },
  });
}
