/**
 * `klaviyo-sync credentials add|list|test|rename|replace-key|remove` and `klaviyo-sync lists`.
 * The key is never an argument: argv is visible to every user on the machine (`ps`) and lands in
 * shell history. It is typed at a hidden prompt, or piped on stdin with --key-stdin.
 */
import type { Credential } from '../../shared/credentials';
import { print, usageError, withApp, type CommandContext } from './command-context';
import { confirm, readHidden, readStdin } from './prompt';
import { resolveCredential } from './resolve';
import { renderCredentialCheck, renderCredentials, renderLists } from './sync-format';

export const KEY_HELP = 'The key is never taken as an argument (other users could read it with `ps`, and it would stay in '
  + 'your shell history): type it at the hidden prompt, or pipe it with --key-stdin, e.g. '
  + '`pass show klaviyo | klaviyo-sync credentials add "Main store" --key-stdin`.';

async function readKey(ctx: CommandContext, keyStdin: boolean): Promise<string> {
  if (keyStdin) return readStdin(ctx.stdin);
  if (!ctx.stdin.isTTY) throw usageError(`No terminal to type the key in. ${KEY_HELP}`);
  return readHidden('Klaviyo private API key (what you type is hidden): ', { input: ctx.stdin, output: ctx.stderr });
}

const publicCredential = (c: Credential) => c;

export async function credentialsAdd(ctx: CommandContext, name: string, options: { description?: string; keyStdin?: boolean }): Promise<number> {
  const apiKey = await readKey(ctx, options.keyStdin === true);
  return withApp(ctx, async (app) => {
    const credential = await app.addCredential({ name, description: options.description ?? '', apiKey });
    const scopes = credential.missingScopes.length > 0 ? ` It lacks these scopes: ${credential.missingScopes.join(', ')}.` : '';
    print(ctx, `Saved "${credential.name}": account ${credential.accountName} (${credential.accountId}), key ${credential.maskedKey}, `
      + `kept in the system keychain.${scopes}`, publicCredential(credential));
    return 0;
  });
}

export function credentialsList(ctx: CommandContext): Promise<number> {
  return withApp(ctx, async (app) => {
    const credentials = await app.listCredentials();
    print(ctx, renderCredentials(credentials), credentials);
    return 0;
  });
}

export function credentialsTest(ctx: CommandContext, nameOrId: string): Promise<number> {
  return withApp(ctx, async (app) => {
    const credential = await resolveCredential(app, nameOrId);
    const check = await app.testCredential({ id: credential.id });
    print(ctx, renderCredentialCheck(credential.name, check), check);
    return 0;
  });
}

export function credentialsRename(ctx: CommandContext, nameOrId: string, newName: string, options: { description?: string }): Promise<number> {
  return withApp(ctx, async (app) => {
    const credential = await resolveCredential(app, nameOrId);
    const renamed = await app.renameCredential({ id: credential.id, name: newName, ...(options.description !== undefined ? { description: options.description } : {}) });
    print(ctx, `Renamed "${credential.name}" to "${renamed.name}".`, renamed);
    return 0;
  });
}

/** A new key for a saved credential (a revoked or rotated key); Klaviyo must say it is the same account. */
export async function credentialsReplaceKey(ctx: CommandContext, nameOrId: string, options: { keyStdin?: boolean }): Promise<number> {
  const apiKey = await readKey(ctx, options.keyStdin === true);
  return withApp(ctx, async (app) => {
    const credential = await resolveCredential(app, nameOrId);
    const replaced = await app.replaceCredentialKey({ id: credential.id, apiKey });
    print(ctx, `Replaced the key of "${replaced.name}" (account ${replaced.accountName}): now ${replaced.maskedKey}. `
      + 'Paused runs that use it can be resumed.', publicCredential(replaced));
    return 0;
  });
}

export function credentialsRemove(ctx: CommandContext, nameOrId: string, options: { yes?: boolean }): Promise<number> {
  return withApp(ctx, async (app) => {
    const credential = await resolveCredential(app, nameOrId);
    if (!options.yes) {
      if (!ctx.stdin.isTTY) throw usageError(`Removing "${credential.name}" needs a confirmation: add --yes.`);
      const sure = await confirm(`Remove "${credential.name}" (${credential.maskedKey}) and delete its key from the keychain?`, { input: ctx.stdin, output: ctx.stderr });
      if (!sure) {
        print(ctx, 'Nothing was removed.', { removed: false, id: credential.id });
        return 0;
      }
    }
    await app.removeCredential({ id: credential.id });
    print(ctx, `Removed "${credential.name}". Its runs stay in the history under that name.`, { removed: true, id: credential.id });
    return 0;
  });
}

export function listsCommand(ctx: CommandContext, options: { credential?: string; search?: string }): Promise<number> {
  return withApp(ctx, async (app) => {
    const credentialId = options.credential ? (await resolveCredential(app, options.credential)).id : undefined;
    const overview = await app.listLists({ ...(credentialId ? { credentialId } : {}), ...(options.search ? { search: options.search } : {}) });
    print(ctx, renderLists(overview), overview);
    return 0;
  });
}
