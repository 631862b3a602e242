/**
 * What every sync/history command gets: a way to open the app (the AppApi, the same object the window
 * uses), the streams, and the output mode. Commands return an exit code; they print through `out`.
 */
import type { AppApi } from '../../shared/api';
import { AppError } from '../../shared/errors';

export type App = AppApi & { close(): Promise<void> };

export interface CommandIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface CommandContext extends CommandIo {
  openApp(): Promise<App>;
  /** --json: one JSON document on stdout (JSON lines for a run's progress when stdout is not a terminal). */
  json: boolean;
}

/** Prints the human text, or the JSON value with --json. */
export function print(ctx: CommandContext, human: string, value: unknown): void {
  ctx.stdout.write(ctx.json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

export function usageError(message: string): AppError {
  return new AppError({ code: 'INVALID_INPUT', message, details: { usage: true } });
}

/** Runs `work` with an open app and closes it whatever happens. */
export async function withApp<T>(ctx: CommandContext, work: (app: App) => Promise<T>): Promise<T> {
  const app = await ctx.openApp();
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
