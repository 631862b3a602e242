/** The `klaviyo-sync` program: every command, over one AppApi per invocation (createApp). */
import { Command, CommanderError } from 'commander';
import { createApp } from '../core/app';
import { resolveDataDir } from '../core/config';
import { createLogger } from '../core/log';
import { registerAudienceCommands } from './audience-commands';
import type { App, CommandIo } from './command-context';
import { baseExitCode, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { createRunAction } from './run-action';
import { registerSyncCommands } from './sync-commands';

export interface ProgramDeps {
  version: string;
  io?: CommandIo;
  /** Defaults to createApp over the data folder and KLAVIYO_* from the environment. */
  openApp?(): Promise<App>;
}

export function createProgram(deps: ProgramDeps): Command {
  const io = deps.io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const logger = createLogger({ scope: 'cli' });
  const openApp = deps.openApp ?? (async () => createApp({
    dataDir: resolveDataDir(),
    version: deps.version,
    logger,
    ...(process.env.KLAVIYO_API_KEY ? { envApiKey: process.env.KLAVIYO_API_KEY } : {}),
  }));
  const run = createRunAction({ openApp, io, baseExitCode, logUnexpected: (error) => logger.error('unexpected error', { error }) });
  const program = new Command('klaviyo-sync')
    .description('Sync CSV audience lists into Klaviyo lists, or export them for Klaviyo\'s SFTP import.')
    .version(deps.version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  registerAudienceCommands(program, run);
  registerSyncCommands(program, run);
  return program;
}

/** Parses and runs; returns the exit code (usage errors are 2, --help and --version 0). */
export async function runProgram(argv: readonly string[], deps: ProgramDeps): Promise<number> {
  const program = createProgram(deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
}
