/**
 * Registers the credentials, lists, plan, sync, resume, pause, cancel, history and find commands on
 * the `klaviyo-sync` program. Each goes through the AppApi (createApp), like the window does.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext } from './command-context';
import { credentialsAdd, credentialsList, credentialsRemove, credentialsRename, credentialsReplaceKey, credentialsTest, KEY_HELP, listsCommand } from './credentials-command';
import { findCommand, historyCommand } from './history-command';
import { planCommand, resumeCommand, stopCommand, syncCommand, type PlanOptions } from './sync-command';

/** Runs an action and sets the process exit code from its result or its error. */
export type RunAction = (json: boolean, action: (ctx: CommandContext) => Promise<number>) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];
const whole = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
};

const ENVIRONMENT = `
Environment:
  KLAVIYO_API_KEY     a private key to use instead of a saved credential (never stored)
  KLAVIYO_BASE_URL    where Klaviyo is (the local emulator in tests and the demo)
  AUDIENCE_SYNC_HOME  the data folder (history, settings, credentials' names)`;

function planOptions(command: Command): Command {
  return command
    .requiredOption('--list <name|id>', 'the Klaviyo list: its id, or its exact name')
    .option('--create', 'create the list when no list has that name')
    .option('--mirror', 'make the list match the file: members who are not in the file are removed')
    .option('--full-profile', 'also write the mapped fields and properties to the profiles (default: identifiers only)')
    .option('--map <column=target>', 'map a column, e.g. --map "E-mail=Email" --map "Plan=property:plan" (repeatable)', collect)
    .option('--region <CC>', 'country for phone numbers written without a country code (default: the settings\' region)')
    .option('--credential <name>', 'a saved credential (default: KLAVIYO_API_KEY, else the only saved credential)')
    .option('--json', 'print JSON');
}

export function registerSyncCommands(program: Command, run: RunAction): void {
  const credentials = program.command('credentials').description('saved Klaviyo API keys (kept in the system keychain)');
  credentials.command('add <name>')
    .description('check a private API key with Klaviyo and save it under a name')
    .option('--description <text>', 'a note for yourself')
    .option('--key-stdin', 'read the key from stdin instead of a hidden prompt')
    .option('--json', 'print JSON')
    .addHelpText('after', `\n${KEY_HELP}`)
    .action((name: string, o: { description?: string; keyStdin?: boolean; json?: boolean }) =>
      run(o.json === true, (ctx) => credentialsAdd(ctx, name, o)));
  credentials.command('list').description('the saved credentials (masked keys only)').option('--json', 'print JSON')
    .action((o: { json?: boolean }) => run(o.json === true, (ctx) => credentialsList(ctx)));
  credentials.command('test <name>').description('check that a saved key still works and has the scopes a sync needs').option('--json', 'print JSON')
    .action((name: string, o: { json?: boolean }) => run(o.json === true, (ctx) => credentialsTest(ctx, name)));
  credentials.command('rename <name> <new-name>').description('rename a saved credential').option('--description <text>', 'a new note')
    .option('--json', 'print JSON')
    .action((name: string, newName: string, o: { description?: string; json?: boolean }) => run(o.json === true, (ctx) => credentialsRename(ctx, name, newName, o)));
  credentials.command('replace-key <name>')
    .description('give a saved credential a new key (for the same Klaviyo account), e.g. after revoking the old one')
    .option('--key-stdin', 'read the key from stdin instead of a hidden prompt')
    .option('--json', 'print JSON')
    .addHelpText('after', `\n${KEY_HELP}`)
    .action((name: string, o: { keyStdin?: boolean; json?: boolean }) => run(o.json === true, (ctx) => credentialsReplaceKey(ctx, name, o)));
  credentials.command('remove <name>').description('forget a credential and delete its key from the keychain')
    .option('--yes', 'do not ask for confirmation').option('--json', 'print JSON')
    .action((name: string, o: { yes?: boolean; json?: boolean }) => run(o.json === true, (ctx) => credentialsRemove(ctx, name, o)));

  program.command('lists').description('the Klaviyo lists of the account')
    .option('--credential <name>', 'a saved credential (default: KLAVIYO_API_KEY, else the only saved credential)')
    .option('--search <text>', 'only lists whose name contains this')
    .option('--json', 'print JSON')
    .addHelpText('after', ENVIRONMENT)
    .action((o: { credential?: string; search?: string; json?: boolean }) => run(o.json === true, (ctx) => listsCommand(ctx, o)));

  planOptions(program.command('plan <file>').description('a dry run: what a sync of this file would change, and how long it would take'))
    .addHelpText('after', ENVIRONMENT)
    .action((file: string, o: PlanOptions & { json?: boolean }) => run(o.json === true, (ctx) => planCommand(ctx, file, o)));
  planOptions(program.command('sync <file>').description('plan, confirm, then sync the file into the list with progress (Ctrl-C pauses)'))
    .option('--yes', 'start without asking, including the confirmation for removing more than half of the list')
    .addHelpText('after', `\nCtrl-C pauses the sync cleanly (resume it with \`klaviyo-sync resume <run-id>\`); a second Ctrl-C quits at once.${ENVIRONMENT}`)
    .action((file: string, o: PlanOptions & { yes?: boolean; json?: boolean }) => run(o.json === true, (ctx) => syncCommand(ctx, file, o)));
  program.command('resume <run-id>').description('continue a paused or interrupted sync exactly where it stopped').option('--json', 'print JSON')
    .action((runId: string, o: { json?: boolean }) => run(o.json === true, (ctx) => resumeCommand(ctx, runId)));
  program.command('pause <run-id>').description('pause a running sync (also one running in the app or another terminal)').option('--json', 'print JSON')
    .action((runId: string, o: { json?: boolean }) => run(o.json === true, (ctx) => stopCommand(ctx, runId, 'pause')));
  program.command('cancel <run-id>').description('stop a sync for good; what was sent stays in Klaviyo').option('--json', 'print JSON')
    .action((runId: string, o: { json?: boolean }) => run(o.json === true, (ctx) => stopCommand(ctx, runId, 'cancel')));

  program.command('history [run-id]').description('past runs; a run in detail; or its lines with --rows')
    .option('--rows <fate>', 'the run\'s lines: all, added, updated, removed, unchanged, rejected, failed, duplicate, pending')
    .option('--export <file.csv>', 'write the run\'s whole log (every line and its fate) as CSV')
    .option('--limit <n>', 'how many runs (default 20) or lines (default 100)', whole)
    .option('--offset <n>', 'skip this many first', whole)
    .option('--list <id>', 'only runs to this list id')
    .option('--status <status>', 'only runs with this status')
    .option('--search <text>', 'only runs whose list, file or credential name contains this')
    .option('--json', 'print JSON')
    .action((runId: string | undefined, o: { rows?: string; export?: string; limit?: number; offset?: number; list?: string; status?: string; search?: string; json?: boolean }) =>
      run(o.json === true, (ctx) => historyCommand(ctx, runId, o)));
  program.command('find <who>').description('what happened to a person (email, phone number or external id) across every run')
    .option('--json', 'print JSON')
    .action((who: string, o: { json?: boolean }) => run(o.json === true, (ctx) => findCommand(ctx, who)));
}
