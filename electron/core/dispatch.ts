/**
 * The one place a call from outside the main process meets the core: the IPC handlers and the
 * Playwright test bridge both go through `createDispatcher`, so the page gets the same validation and
 * the same error envelopes in the app and in the browser tests. No electron import: it runs in tests.
 */
import type { z } from 'zod';
import { channels, type AppApi, type ChannelName, type Wire } from '../../shared/api';
import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import { createLogger, redact, type Logger } from './log';

export type Dispatch = (channel: string, raw: unknown) => Promise<Wire<unknown>>;

/** Field names whose values are secrets: their problems are reported without the schema's wording. */
const SECRET_FIELDS = new Set(['apiKey']);

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

/** `mapping.columns.2.target` for a zod issue path; `input` for the root. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'input' : path.map((part) => String(part)).join('.');
}

/**
 * Plain words for a failed validation: the fields and what is wrong with them, never the values that
 * were sent (one of them may be an API key).
 */
export function describeInvalidInput(channel: ChannelName, issues: readonly z.core.$ZodIssue[]): AppErrorData {
  const problems = issues.slice(0, 10).map((issue) => {
    const field = fieldPath(issue.path);
    const secret = issue.path.some((part) => typeof part === 'string' && SECRET_FIELDS.has(part));
    const reason = secret && issue.code !== 'invalid_type' ? 'is not a valid API key' : issue.message;
    return `${field}: ${reason}`;
  });
  const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
  const fields = [...new Set(issues.map((issue) => fieldPath(issue.path)))];
  return {
    code: 'INVALID_INPUT',
    message: redact(`The app sent ${channel} something it cannot use. ${problems.join('; ')}${more}.`),
    details: { channel, fields: fields.join(', ') },
  };
}

/** Wraps an AppApi so every call is validated against the channel table and answers with a Wire envelope. */
export function createDispatcher(app: AppApi, options: { logger?: Logger } = {}): Dispatch {
  const logger = options.logger ?? createLogger({ scope: 'dispatch' });
  return async (channel, raw) => {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The app asked for something that does not exist.', details: { channel: redact(String(channel)).slice(0, 100) } },
      };
    }
    const parsed = channels[channel].input.safeParse(raw);
    if (!parsed.success) return { ok: false, error: describeInvalidInput(channel, parsed.error.issues) };
    try {
      // The table guarantees the input matches this channel's handler; TypeScript cannot follow the index.
      const method = app[channel] as (input: unknown) => Promise<unknown>;
      const value = await method.call(app, parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (!AppError.is(error)) logger.error('call failed unexpectedly', { channel, error });
      const data = toErrorData(error);
      return { ok: false, error: { ...data, message: redact(data.message) } };
    }
  };
}
