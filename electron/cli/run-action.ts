/**
 * Runs one sync/history command: builds its context, turns what it throws into a message (stderr, or
 * `{"error": …}` on stdout with --json) and an exit code, and sets process.exitCode. The key can
 * never reach the output: messages are AppError wordings (which never hold one) passed through the
 * logger's redaction too.
 */
import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import { redact } from '../core/log';
import type { App, CommandContext, CommandIo } from './command-context';
import { renderAction } from './history-format';
import { syncExitCode } from './sync-exit-codes';
import type { RunAction } from './sync-commands';

export interface RunActionDeps {
  openApp(): Promise<App>;
  io?: CommandIo;
  /** The first commands' table (usage 2, input 3, output 4, unexpected 1) for the codes this module leaves to it. */
  baseExitCode(error: AppErrorData): number;
  /** Unexpected errors go to the log, not to the person. */
  logUnexpected?(error: unknown): void;
}

export function exitCodeFor(error: AppErrorData, base: (error: AppErrorData) => number): number {
  if (error.code === 'INVALID_INPUT' && error.details?.usage === true) return 2;
  return syncExitCode(error.code) ?? base(error);
}

export function createRunAction(deps: RunActionDeps): RunAction {
  const io = deps.io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  return async (json, action) => {
    const ctx: CommandContext = { ...io, json, openApp: deps.openApp };
    try {
      process.exitCode = await action(ctx);
    } catch (error) {
      if (!(error instanceof AppError)) deps.logUnexpected?.(error);
      const data = toErrorData(error);
      const safe: AppErrorData = { ...data, message: redact(data.message) };
      if (json) io.stdout.write(`${JSON.stringify({ error: safe })}\n`);
      else io.stderr.write(`✖ ${safe.message}\n${safe.action ? `${renderAction(safe.action)}\n` : ''}`);
      process.exitCode = exitCodeFor(safe, deps.baseExitCode);
    }
  };
}
