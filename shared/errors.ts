/**
 * Errors are values: a code the UI and the command line can act on, plain wording for a marketer,
 * and, where a person can fix it, an action with the exact next step. They cross IPC as data.
 * Nothing here may ever contain an API key.
 */
export const ERROR_CODES = [
  // Klaviyo and credentials
  'INVALID_CREDENTIALS',
  'MISSING_SCOPE',
  'KEYCHAIN_UNAVAILABLE',
  'CREDENTIAL_NOT_FOUND',
  'CREDENTIAL_NAME_TAKEN',
  'LIST_LIMIT_REACHED',
  'LIST_CREATE_DAILY_LIMIT',
  'LIST_NOT_FOUND',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'DUPLICATE_PROFILE',
  'NOT_FOUND',
  'SERVER_ERROR',
  'NETWORK_ERROR',
  'TIMEOUT',
  'CANCELLED',
  'UNEXPECTED_RESPONSE',
  // Files and the audience pipeline
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_BINARY',
  'FILE_NOT_CSV',
  'FILE_CHANGED',
  'WRITE_FAILED',
  'INVALID_MAPPING',
  // Runs and storage
  'RUN_NOT_FOUND',
  'RUN_STATE',
  'MASS_REMOVAL_UNCONFIRMED',
  'DATABASE_NEWER',
  'DATABASE_ERROR',
  // Crossing the boundary
  'INVALID_INPUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a person can do about a failure. Stored with a run and shown as an alert. */
export interface Action {
  /** Which kind of fix the UI offers; the Resolve button does this. */
  kind:
    | 'replace_key'
    | 'add_scope'
    | 'remove_lists'
    | 'wait_until'
    | 'recreate_list'
    | 'check_network'
    | 'resume'
    | 'retry'
    | 'fix_file';
  title: string;
  /** Plain wording: what happened. */
  message: string;
  /** The exact next steps, in order. */
  steps: string[];
  /** For wait_until: when the limit resets (ISO 8601). */
  resumeAfter?: string;
  /** For add_scope: the scopes the key lacks. */
  scopes?: string[];
  /** For remove_lists: how many lists and segments the account has, and the cap. */
  listCount?: number;
  listCap?: number;
  /** An allow-listed Klaviyo help page. */
  helpUrl?: string;
}

/** The serialisable form of an error, as it crosses IPC or is printed with --json. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** Extra facts for the UI (a pointer, a line number, a retry time), never secrets. */
  details?: Record<string, string | number | boolean | null>;
  action?: Action;
}

/** The one error type the core throws on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: AppErrorData['details'];
  readonly action?: Action;

  constructor(data: AppErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'AppError';
    this.code = data.code;
    if (data.details) this.details = data.details;
    if (data.action) this.action = data.action;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.action ? { action: this.action } : {}),
    };
  }

  static is(value: unknown, code?: ErrorCode): value is AppError {
    return value instanceof AppError && (code === undefined || value.code === code);
  }
}

/** Turns anything thrown into error data safe to show: unknown errors become INTERNAL. */
export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  return { code: 'INTERNAL', message: 'Something went wrong inside the app. Details are in the log.' };
}
