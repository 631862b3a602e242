/**
 * Parsing of the emulator's command-line values: `--api-key KEY[=scope,scope…][@account]` and
 * the `--seed` file (one SeedInput, an array of them, or `{ "seeds": [...] }`).
 */
import { z } from 'zod';
import type { ApiKeyOption, SeedInput } from './types';

/** `pk_ro=lists:read,profiles:read@acme` → key, scopes, shared account. */
export function parseApiKey(text: string): ApiKeyOption {
  const m = /^([^=@\s]+)(?:=([^@\s]*))?(?:@(\S+))?$/.exec(text.trim());
  if (!m || !m[1]) throw new Error(`--api-key "${text}" is not KEY[=scope,scope…][@account]`);
  const scopes = m[2] === undefined ? undefined : m[2].split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const scope of scopes ?? []) {
    if (!/^[a-z-]+:(read|write)$/.test(scope)) throw new Error(`--api-key scope "${scope}" is not like lists:read or profiles:write`);
  }
  return { key: m[1], ...(scopes ? { scopes } : {}), ...(m[3] ? { account: m[3] } : {}) };
}

const profileSeed = z.object({
  email: z.string().optional(),
  phone_number: z.string().optional(),
  external_id: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  organization: z.string().optional(),
  locale: z.string().optional(),
  title: z.string().optional(),
  image: z.string().optional(),
  location: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
}).strict();

const seedInput = z.object({
  account: z.string().optional(),
  lists: z.array(z.object({
    name: z.string().min(1),
    members: z.union([z.array(profileSeed), z.number().int().nonnegative()]).optional(),
    opt_in_process: z.enum(['double_opt_in', 'single_opt_in']).optional(),
  }).strict()).optional(),
  segments: z.union([z.number().int().nonnegative(), z.array(z.string())]).optional(),
  profiles: z.array(profileSeed).optional(),
}).strict();

/** The seeds of a `--seed` file's parsed JSON, or an error naming what is wrong. */
export function parseSeedFile(json: unknown): SeedInput[] {
  // Pick the shape first, so an error names the field at fault rather than "no union matched".
  const isWrapper = typeof json === 'object' && json !== null && !Array.isArray(json) && 'seeds' in json;
  const schema = Array.isArray(json) ? z.array(seedInput) : isWrapper ? z.object({ seeds: z.array(seedInput) }).strict() : seedInput;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the seed file is not valid: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}`);
  }
  const value = parsed.data;
  if (Array.isArray(value)) return value as SeedInput[];
  if ('seeds' in value) return value.seeds as SeedInput[];
  return [value as SeedInput];
}
