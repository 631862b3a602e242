/** Names a person types, turned into the ids the AppApi takes: credentials, runs, lists. */
import { AppError } from '../../shared/errors';
import type { Credential } from '../../shared/credentials';
import type { ListTarget } from '../../shared/sync';
import type { App } from './command-context';
import { shortId } from './text-table';

/** A credential by id or by name (case-insensitive). */
export async function resolveCredential(app: App, nameOrId: string): Promise<Credential> {
  const credentials = await app.listCredentials();
  const wanted = nameOrId.trim().normalize('NFC').toLowerCase();
  const found = credentials.find((c) => c.id === nameOrId) ?? credentials.find((c) => c.name.normalize('NFC').toLowerCase() === wanted);
  if (found) return found;
  const names = credentials.map((c) => `"${c.name}"`).join(', ');
  throw new AppError({
    code: 'CREDENTIAL_NOT_FOUND',
    message: `There is no credential named "${nameOrId}". ${names ? `Saved credentials: ${names}.` : 'None are saved yet: add one with `klaviyo-sync credentials add <name>`.'}`,
    details: { name: nameOrId },
  });
}

/**
 * A run by its id or a unique start of it (as `history` shows it). Exact ids are checked first; a
 * prefix is looked up through the runs list, newest first.
 */
export async function resolveRunId(app: App, text: string): Promise<string> {
  const wanted = text.trim();
  try {
    return (await app.getRun({ runId: wanted })).id;
  } catch (error) {
    if (!AppError.is(error, 'RUN_NOT_FOUND')) throw error;
  }
  const matches: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await app.listRuns({ limit: 200, offset });
    matches.push(...page.runs.filter((run) => run.id.startsWith(wanted)).map((run) => run.id));
    if (page.runs.length < 200 || offset + page.runs.length >= page.total) break;
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0 || wanted.length < 4) {
    throw new AppError({
      code: 'RUN_NOT_FOUND',
      message: `No run has the id "${wanted}"${matches.length > 1 ? ' (give at least 4 characters)' : ''}. \`klaviyo-sync history\` lists the runs.`,
      details: { runId: wanted },
    });
  }
  throw new AppError({
    code: 'INVALID_INPUT',
    message: `"${wanted}" starts ${matches.length} run ids (${matches.slice(0, 5).map(shortId).join(', ')}…): give more of it.`,
    details: { usage: true },
  });
}

/** Klaviyo list ids are six letters and digits (e.g. Y6nRLr). */
const LIST_ID = /^[A-Za-z0-9]{6}$/;

/**
 * `--list` as a target: an existing list's id when the text is one, otherwise a list name (created
 * when `create` is set and it does not exist). One getList call settles an id-shaped name.
 */
export async function resolveListTarget(app: App, text: string, create: boolean, credentialId: string | undefined): Promise<ListTarget> {
  const value = text.trim();
  if (LIST_ID.test(value)) {
    try {
      const list = await app.getList({ id: value, ...(credentialId ? { credentialId } : {}) });
      return { id: list.id };
    } catch (error) {
      if (!AppError.is(error, 'LIST_NOT_FOUND') && !AppError.is(error, 'NOT_FOUND')) throw error;
    }
  }
  return { name: value, create };
}
