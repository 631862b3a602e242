/**
 * The app's logger. Everything it writes goes through `redact`, so an API key that slips into a
 * message (an echoed header, a URL, an error from a library) never reaches a log line.
 */
const secrets = new Set<string>();
// Klaviyo private keys start with pk_; public site ids are short and not secret.
const KEY_PATTERN = /pk_[A-Za-z0-9_-]{4,}/g;

/** Registers a secret value so it is masked wherever it appears in logged text. */
export function registerSecret(value: string): void {
  if (value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_PATTERN, 'pk_[redacted]');
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}

const isLevel = (value: string | undefined): value is LogLevel => value !== undefined && Object.hasOwn(order, value);

/**
 * AUDIENCE_SYNC_LOG when it names a level, else `warn`. Read at each write, not when a logger is made:
 * modules make theirs at import, before a front end (the command line) has chosen its level.
 */
function levelFromEnvironment(): LogLevel {
  const value = process.env.AUDIENCE_SYNC_LOG;
  return isLevel(value) ? value : 'warn';
}

/** JSON-lines logger; the default sink is stderr at `warn` and above (the CLI's stdout stays clean). */
export function createLogger(options: { scope?: string; level?: LogLevel; sink?: LogSink } = {}): Logger {
  const fixed = options.level;
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scope = options.scope ?? 'app';
  const write = (at: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[fixed ?? levelFromEnvironment()]) return;
    const entry = { time: new Date().toISOString(), level: at, scope, message, ...Object.fromEntries(
      Object.entries(fields ?? {}).map(([k, v]) => [k, describe(v)]),
    ) };
    sink(redact(JSON.stringify(entry)));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger({ scope: `${scope}.${child}`, sink, ...(fixed ? { level: fixed } : {}) }),
  };
}
