/**
 * Klaviyo failures turned into AppErrors a marketer can act on: a code for the UI, plain words, facts
 * in `details`, and the next step in `action`. Pure: the transport decides when, this decides what.
 * Nothing Klaviyo sends is repeated without going through `redact`, and the key is never an input.
 */
import { AppError, type AppErrorData } from '../../../shared/errors';
import { redact } from '../log';
import { LISTS_AND_SEGMENTS_CAP, type OperationSpec } from './operations';
import type { WireError } from './wire-schemas';

const SECOND = 1000;
const STEADY_WINDOW_SECONDS = 60;
const HELP_API_KEYS = 'https://help.klaviyo.com/hc/en-us/articles/7423954176283';

export interface HttpFailure {
  status: number;
  /** Klaviyo's JSON:API errors, or null when the body was not Klaviyo JSON (a Cloudflare page, nothing). */
  errors: readonly WireError[] | null;
  /** `Retry-After` in (emulated) seconds, when sent. */
  retryAfterSeconds: number | null;
  op: OperationSpec;
  timeScale: number;
  /** Epoch ms now, for `resetsAt`. */
  wallNow: number;
  attempts: number;
}

type Details = NonNullable<AppErrorData['details']>;

/** What a request was for, in words a marketer recognises. */
const PURPOSE: Readonly<Record<string, string>> = {
  get_accounts: 'reading the Klaviyo account',
  get_lists: 'reading your Klaviyo lists',
  create_list: 'creating the list',
  get_list: 'reading the list',
  update_list: 'renaming the list',
  delete_list: 'deleting the list',
  get_profiles_for_list: 'reading the list’s members',
  get_profile_ids_for_list: 'reading the list’s members',
  add_profiles_to_list: 'adding people to the list',
  remove_profiles_from_list: 'removing people from the list',
  get_profiles: 'looking up profiles',
  create_or_update_profile: 'saving a profile',
  bulk_import_profiles: 'sending profiles to Klaviyo',
  get_bulk_import_profiles_job: 'checking on an import',
  get_bulk_import_profiles_jobs: 'checking on imports',
  get_errors_for_bulk_import_profiles_job: 'reading an import’s errors',
  get_segments: 'counting your segments',
  bulk_subscribe_profiles: 'subscribing people',
};

export function purposeOf(op: OperationSpec): string {
  return PURPOSE[op.id] ?? 'talking to Klaviyo';
}

function clean(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redact(text).slice(0, 500);
}

function baseDetails(f: Pick<HttpFailure, 'status' | 'op' | 'attempts'>): Details {
  return { status: f.status, operation: f.op.id, endpoint: `${f.op.method} ${f.op.path}`, attempts: f.attempts };
}

function numberIn(meta: Record<string, unknown> | null | undefined, key: string): number | null {
  const value = meta?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Klaviyo documents no error for its 1,000 lists-and-segments cap, so more than one signal counts: a
 * code naming a limit, `meta.limit`, or a detail that speaks of the lists/segments limit.
 */
export function isListCapError(errors: readonly WireError[] | null): boolean {
  if (!errors) return false;
  return errors.some((e) => {
    const code = (e.code ?? '').toLowerCase();
    const text = `${e.title ?? ''} ${e.detail ?? ''}`.toLowerCase();
    const mentionsLists = /\blists?\b/.test(text) && /\bsegments?\b/.test(text);
    const mentionsLimit = /\b(limit|cap|maximum|exceed)/.test(text);
    return (code.includes('limit') && (code.includes('list') || mentionsLists))
      || (numberIn(e.meta, 'limit') !== null && mentionsLists)
      || (mentionsLists && mentionsLimit);
  });
}

/** A 429 on list creation that is Klaviyo's daily cap rather than the per-minute one. */
export function isDailyListCap(f: Pick<HttpFailure, 'op' | 'errors' | 'retryAfterSeconds'>): boolean {
  if (f.op.id !== 'create_list') return false;
  if (f.retryAfterSeconds !== null && f.retryAfterSeconds > STEADY_WINDOW_SECONDS) return true;
  return (f.errors ?? []).some((e) => /\b(daily|per day|a day|24 hours)\b/i.test(`${e.detail ?? ''} ${e.title ?? ''}`));
}

function resetsAt(f: Pick<HttpFailure, 'retryAfterSeconds' | 'timeScale' | 'wallNow'>, fallbackSeconds: number): string {
  const seconds = f.retryAfterSeconds ?? fallbackSeconds;
  return new Date(f.wallNow + (seconds * SECOND) / f.timeScale).toISOString();
}

/** The error for a response that was not a success. */
export function errorFromResponse(f: HttpFailure): AppError {
  const first = f.errors?.[0];
  const details = baseDetails(f);
  const klaviyoSays = clean(first?.detail ?? first?.title);
  if (klaviyoSays) details.detail = klaviyoSays;
  if (first?.code) details.klaviyoCode = clean(first.code) ?? null;
  const purpose = purposeOf(f.op);

  if (f.status === 401) {
    return new AppError({
      code: 'INVALID_CREDENTIALS',
      message: 'Klaviyo did not accept this API key. It may have been deleted, revoked or mistyped.',
      details,
      action: {
        kind: 'replace_key', title: 'Replace the API key', message: 'Klaviyo no longer accepts this key.',
        steps: ['In Klaviyo, open Settings → API keys and create a private key with the scopes the app needs.', 'Paste the new key here.'],
        helpUrl: HELP_API_KEYS,
      },
    });
  }

  if (f.status === 403 && f.errors) {
    // Klaviyo's 403 does not reliably say which scope is missing: report what the operation needs.
    const scopes = [...f.op.scopes];
    details.scopes = scopes.join(',');
    details.scope = scopes.join(',');
    return new AppError({
      code: 'MISSING_SCOPE',
      message: `This API key is not allowed to do this (${purpose}). It needs these scopes: ${scopes.join(', ')}.`,
      details,
      action: {
        kind: 'add_scope', title: 'Give the key more access', message: `The key lacks a scope needed for ${purpose}.`,
        steps: ['In Klaviyo, open Settings → API keys.', `Create a key with these scopes: ${scopes.join(', ')}.`, 'Replace the key here.'],
        scopes, helpUrl: HELP_API_KEYS,
      },
    });
  }

  if (f.status === 429) {
    details.retryAfterSeconds = f.retryAfterSeconds;
    details.bucket = f.op.bucket;
    if (isDailyListCap(f)) {
      const when = resetsAt(f, 24 * 3600);
      details.resetsAt = when;
      return new AppError({
        code: 'LIST_CREATE_DAILY_LIMIT',
        message: `Klaviyo allows only a limited number of new lists per day, and today's are used up. You can create lists again after ${when}.`,
        details,
        action: {
          kind: 'wait_until', title: 'Daily list limit reached', message: 'Klaviyo caps how many lists an account can create each day.',
          steps: [`Wait until ${when}, then resume.`, 'Or sync into an existing list instead.'], resumeAfter: when,
        },
      });
    }
    const when = resetsAt(f, 1);
    details.resetsAt = when;
    return new AppError({
      code: 'RATE_LIMITED',
      message: `Klaviyo is receiving too many requests from this account (${purpose}) and asked the app to slow down. Try again in a moment.`,
      details,
      action: { kind: 'wait_until', title: 'Klaviyo asked to slow down', message: 'Klaviyo limits how fast an account can send requests.', steps: [`Resume after ${when}.`], resumeAfter: when },
    });
  }

  if (f.status === 400 && isListCapError(f.errors)) {
    const cap = f.errors?.map((e) => numberIn(e.meta, 'limit')).find((n) => n !== null) ?? LISTS_AND_SEGMENTS_CAP;
    details.listCap = cap;
    return new AppError({
      code: 'LIST_LIMIT_REACHED',
      message: `Your Klaviyo account has reached its limit of ${cap.toLocaleString('en-US')} lists and segments, so no new list can be created.`,
      details,
      action: {
        kind: 'remove_lists', title: 'Too many lists and segments', message: 'Klaviyo caps the number of lists and segments in an account.',
        steps: ['In Klaviyo, delete lists or segments you no longer use.', 'Or sync into an existing list.'], listCap: cap,
      },
    });
  }

  if (f.status === 400 && f.errors) {
    const pointers = f.errors.map((e) => clean(e.source?.pointer ?? e.source?.parameter)).filter((p): p is string => typeof p === 'string');
    if (pointers[0] !== undefined) details.pointer = pointers[0];
    if (pointers.length > 0) details.pointers = pointers.join('\n');
    details.errorCount = f.errors.length;
    details.details = f.errors.map((e) => clean(e.detail ?? e.title) ?? '').join('\n');
    return new AppError({
      code: 'VALIDATION_FAILED',
      message: `Klaviyo refused the data while ${purpose}: ${klaviyoSays ?? 'it is not valid'}${pointers[0] ? ` (at ${pointers[0]})` : ''}${f.errors.length > 1 ? `, and ${f.errors.length - 1} more problem(s)` : ''}.`,
      details,
      action: { kind: 'fix_file', title: 'Fix the data', message: 'Klaviyo refused some of the data.', steps: ['Correct the rows named in the details, then run the sync again.'] },
    });
  }

  if (f.status === 404) {
    const onList = f.op.path.startsWith('/api/lists/{id}');
    return new AppError({
      code: onList ? 'LIST_NOT_FOUND' : 'NOT_FOUND',
      message: onList
        ? 'That Klaviyo list no longer exists. It may have been deleted in Klaviyo.'
        : `Klaviyo could not find what the app asked for while ${purpose}.`,
      details,
      ...(onList ? { action: { kind: 'recreate_list' as const, title: 'The list is gone', message: 'The list was deleted in Klaviyo.', steps: ['Choose another list, or let the app create it again.'] } } : {}),
    });
  }

  if (f.status === 409) {
    const duplicate = f.errors?.map((e) => e.meta?.duplicate_profile_id).find((id): id is string => typeof id === 'string');
    if (duplicate) details.duplicateProfileId = clean(duplicate) ?? null;
    const pointer = clean(first?.source?.pointer);
    if (pointer) details.pointer = pointer;
    return new AppError({
      code: 'DUPLICATE_PROFILE',
      message: 'These details (email, phone number or external ID) already belong to a different person in Klaviyo.',
      details,
    });
  }

  if (f.status >= 500 || (f.status === 403 && !f.errors)) {
    // A 403 that is not Klaviyo JSON is its CDN's bot check (Cloudflare challenge page), not a scope problem.
    return new AppError({
      code: 'SERVER_ERROR',
      message: `Klaviyo had a problem on its side while ${purpose} (error ${f.status}). Nothing is wrong with your data; try again later.`,
      details: { ...details, nonJson: !f.errors },
      action: { kind: 'retry', title: 'Klaviyo had a problem', message: 'Klaviyo did not complete the request.', steps: ['Try again in a few minutes.'] },
    });
  }

  return new AppError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Klaviyo answered in a way the app did not expect while ${purpose} (error ${f.status}).`,
    details: { ...details, nonJson: !f.errors },
  });
}

/** The limiter's verdict when a bucket will not open within a minute (a daily cap, a long hold). */
export function limitExhausted(bucket: string, waitMs: number, wallNow: number): AppError {
  const resetsAt = new Date(wallNow + waitMs).toISOString();
  return new AppError({
    code: 'RATE_LIMITED',
    message: `Klaviyo's limit for this kind of request is used up until ${resetsAt}. The work can continue after that.`,
    details: { bucket, resetsAt, retryAfterSeconds: Math.ceil(waitMs / SECOND), source: 'limiter' },
    action: {
      kind: 'wait_until',
      title: 'Klaviyo limit reached',
      message: 'Klaviyo allows only so many of these requests in a given time.',
      steps: [`Resume after ${resetsAt}.`],
      resumeAfter: resetsAt,
    },
  });
}

/** A request that got no answer: the connection failed or took too long. */
export function errorFromNetwork(input: {
  kind: 'timeout' | 'network';
  op: OperationSpec;
  /** The request may have reached Klaviyo and done its work. */
  ambiguous: boolean;
  attempts: number;
  systemCode?: string;
}): AppError {
  const details: Details = {
    operation: input.op.id, endpoint: `${input.op.method} ${input.op.path}`, attempts: input.attempts, ambiguous: input.ambiguous,
  };
  if (input.systemCode) details.systemCode = input.systemCode;
  const purpose = purposeOf(input.op);
  const maybeDone = input.ambiguous && input.op.retry === 'unsent-only'
    ? ' Klaviyo may or may not have done it: check before trying again.'
    : '';
  const action = { kind: 'check_network' as const, title: 'Could not reach Klaviyo', message: 'The connection to Klaviyo failed.', steps: ['Check the internet connection.', 'Then resume.'] };
  return input.kind === 'timeout'
    ? new AppError({ code: 'TIMEOUT', message: `Klaviyo took too long to answer while ${purpose}.${maybeDone}`, details, action })
    : new AppError({ code: 'NETWORK_ERROR', message: `The app could not reach Klaviyo while ${purpose}.${maybeDone}`, details, action });
}

/** A success whose body does not match what the spec promises. */
export function unexpectedBody(op: OperationSpec, status: number, problem: string): AppError {
  return new AppError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Klaviyo sent an answer the app does not understand while ${purposeOf(op)}.`,
    details: { status, operation: op.id, endpoint: `${op.method} ${op.path}`, problem: redact(problem).slice(0, 300) },
  });
}
