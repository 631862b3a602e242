/**
 * Credential metadata in SQLite. Never the key: that lives in the OS keychain under the credential's id.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Credential } from '../../../shared/credentials';
import { sql } from './sql';
import type { Store } from './store';

export interface CredentialsRepo {
  /** All credentials, by name. */
  list(): Credential[];
  get(id: string): Credential | undefined;
  /** Case-insensitive (and Unicode-aware) lookup by name. */
  findByName(name: string): Credential | undefined;
  /** Throws CREDENTIAL_NAME_TAKEN when another credential has the same name, ignoring case. */
  insert(credential: Credential): void;
  /** Throws CREDENTIAL_NOT_FOUND or CREDENTIAL_NAME_TAKEN; returns the updated credential. */
  update(id: string, patch: CredentialPatch): Credential;
  /** True when a row was removed. */
  remove(id: string): boolean;
}

export type CredentialPatch = Partial<Omit<Credential, 'id' | 'createdAt'>>;

/** The form of a name used for uniqueness: "Main Store", " main store " and "MAIN STORE" are one name. */
export function credentialNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

const RowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  masked_key: z.string(),
  created_at: z.string(),
  last_checked_at: z.string().nullable(),
  missing_scopes: z.string(),
});
const ScopesSchema = z.array(z.string());

const columns = sql`id, name, description, account_id, account_name, masked_key, created_at, last_checked_at, missing_scopes`;

export function createCredentialsRepo(store: Store): CredentialsRepo {
  const toCredential = (row: unknown): Credential => {
    const parsed = RowSchema.safeParse(row);
    const scopes = parsed.success ? ScopesSchema.safeParse(parseJson(parsed.data.missing_scopes)) : undefined;
    if (!parsed.success || !scopes?.success) {
      throw new AppError({
        code: 'DATABASE_ERROR',
        message: `A saved credential's details are damaged in the history file ${store.path}. Remove the credential and add it again.`,
        details: { path: store.path },
      });
    }
    const r = parsed.data;
    return {
      id: r.id, name: r.name, description: r.description, accountId: r.account_id, accountName: r.account_name,
      maskedKey: r.masked_key, createdAt: r.created_at, lastCheckedAt: r.last_checked_at, missingScopes: scopes.data,
    };
  };

  const get = (id: string) => {
    const row = store.get<unknown>(sql`SELECT ${columns} FROM credentials WHERE id = ${id}`);
    return row === undefined ? undefined : toCredential(row);
  };

  const nameTaken = (name: string, error: unknown): AppError | unknown => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    return new AppError({
      code: 'CREDENTIAL_NAME_TAKEN',
      message: `There is already a credential named "${name.trim()}". Choose another name.`,
      details: { name: name.trim() },
    }, { cause: error });
  };

  return {
    list: () => store.all<unknown>(sql`SELECT ${columns} FROM credentials ORDER BY name_key, id`).map(toCredential),
    get,
    findByName(name) {
      const row = store.get<unknown>(sql`SELECT ${columns} FROM credentials WHERE name_key = ${credentialNameKey(name)}`);
      return row === undefined ? undefined : toCredential(row);
    },
    insert(c) {
      try {
        store.run(sql`INSERT INTO credentials (id, name, name_key, description, account_id, account_name, masked_key,
            created_at, last_checked_at, missing_scopes)
          VALUES (${c.id}, ${c.name.trim()}, ${credentialNameKey(c.name)}, ${c.description}, ${c.accountId}, ${c.accountName},
            ${c.maskedKey}, ${c.createdAt}, ${c.lastCheckedAt}, ${JSON.stringify(c.missingScopes)})`);
      } catch (error) {
        throw nameTaken(c.name, error);
      }
    },
    update(id, patch) {
      return store.transaction(() => {
        const current = get(id);
        if (!current) throw credentialNotFound(id);
        const next: Credential = { ...current, ...definedOnly(patch), id: current.id, createdAt: current.createdAt };
        try {
          store.run(sql`UPDATE credentials SET name = ${next.name.trim()}, name_key = ${credentialNameKey(next.name)},
              description = ${next.description}, account_id = ${next.accountId}, account_name = ${next.accountName},
              masked_key = ${next.maskedKey}, last_checked_at = ${next.lastCheckedAt},
              missing_scopes = ${JSON.stringify(next.missingScopes)}
            WHERE id = ${id}`);
        } catch (error) {
          throw nameTaken(next.name, error);
        }
        return { ...next, name: next.name.trim() };
      });
    },
    remove: (id) => store.run(sql`DELETE FROM credentials WHERE id = ${id}`).changes > 0,
  };
}

export function credentialNotFound(id: string): AppError {
  return new AppError({
    code: 'CREDENTIAL_NOT_FOUND',
    message: 'That credential no longer exists. Pick another one, or add the key again under Accounts.',
    details: { id },
  });
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
