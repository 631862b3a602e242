/** Named Klaviyo credentials. The key itself lives only in the OS keychain; the UI sees its mask. */
import { z } from 'zod';

/** Scopes a key needs for syncing lists (Klaviyo private key scopes). */
export const REQUIRED_SCOPES = ['accounts:read', 'lists:read', 'lists:write', 'profiles:read', 'profiles:write'] as const;

export interface Credential {
  id: string;
  name: string;
  description: string;
  accountId: string;
  accountName: string;
  /** Like `pk_…a1b2`: enough to tell keys apart, never enough to use one. */
  maskedKey: string;
  createdAt: string;
  lastCheckedAt: string | null;
  /** Scopes found missing at the last check (empty when the key can do everything a sync needs). */
  missingScopes: string[];
}

export interface CredentialCheck {
  ok: boolean;
  accountId: string;
  accountName: string;
  missingScopes: string[];
  checkedAt: string;
}

const ApiKeySchema = z.string().trim().min(8, 'That does not look like a Klaviyo private API key.').max(200);
const NameSchema = z.string().trim().min(1, 'Give the credential a name.').max(80);

export const AddCredentialSchema = z.object({
  name: NameSchema,
  description: z.string().trim().max(500).default(''),
  apiKey: ApiKeySchema,
});
export const CredentialIdSchema = z.object({ id: z.string().min(1) });
export const RenameCredentialSchema = z.object({
  id: z.string().min(1),
  name: NameSchema,
  description: z.string().trim().max(500).optional(),
});
export const ReplaceKeySchema = z.object({ id: z.string().min(1), apiKey: ApiKeySchema });

/** Masks a key for display: the `pk_` prefix and the last four characters. */
export function maskKey(apiKey: string): string {
  const key = apiKey.trim();
  const prefix = key.startsWith('pk_') ? 'pk_' : '';
  return `${prefix}…${key.slice(-4)}`;
}
