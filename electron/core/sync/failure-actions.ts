/**
 * What a run does when something stops it (pure): pause with an action a person can take, or fail
 * when nobody can fix it. The wording speaks about this run (what was already done, what resuming
 * will do), on top of what the Klaviyo layer said about the error itself.
 */
import { AppError, toErrorData, type Action, type AppErrorData } from '../../../shared/errors';

export interface RunFailure {
  status: 'paused' | 'failed';
  action: Action | null;
  lastError: AppErrorData;
}

export interface FailureContext {
  listName: string;
  /** People already sent or removed, for the wording. */
  done: number;
  total: number;
  /** For LIST_LIMIT_REACHED, when the count could be read. */
  listCount?: number | null;
}

const NOTHING_LOST = 'Nothing already sent will be sent again, and nothing is lost: the run continues where it stopped.';

function progressText(ctx: FailureContext): string {
  return `${ctx.done.toLocaleString('en-US')} of ${ctx.total.toLocaleString('en-US')} changes were already made to "${ctx.listName}".`;
}

export function classifyFailure(error: unknown, ctx: FailureContext): RunFailure {
  const data = toErrorData(error);
  const code = AppError.is(error) ? error.code : 'INTERNAL';
  const paused = (action: Action): RunFailure => ({ status: 'paused', action, lastError: data });
  const base = AppError.is(error) ? error.action : undefined;
  switch (code) {
    case 'INVALID_CREDENTIALS':
      return paused({
        kind: 'replace_key',
        title: 'Replace the API key, then resume',
        message: `The sync is paused: Klaviyo stopped accepting the API key (it may have been revoked or deleted). ${progressText(ctx)}`,
        steps: [
          'In Klaviyo, open Settings → API keys and create a private key for the same account with the scopes the app needs.',
          'In Audience Sync, open Accounts and choose Replace key on this credential (command line: `klaviyo-sync credentials replace-key <name>`, or set KLAVIYO_API_KEY to the new key for a run that used it).',
          `Press Resume. ${NOTHING_LOST}`,
        ],
        ...(base?.helpUrl ? { helpUrl: base.helpUrl } : {}),
      });
    case 'MISSING_SCOPE': {
      const scopes = base?.scopes ?? [];
      return paused({
        kind: 'add_scope',
        title: 'Give the API key more access, then resume',
        message: `The sync is paused: the API key is not allowed to do this${scopes.length > 0 ? ` (it needs ${scopes.join(', ')})` : ''}. ${progressText(ctx)}`,
        steps: [
          'In Klaviyo, open Settings → API keys and create a key with these scopes: ' + (scopes.length > 0 ? scopes.join(', ') : 'lists:read, lists:write, profiles:read, profiles:write') + '.',
          'Replace the key of this credential in Audience Sync.',
          `Press Resume. ${NOTHING_LOST}`,
        ],
        scopes,
      });
    }
    case 'LIST_LIMIT_REACHED': {
      const cap = base?.listCap ?? (typeof data.details?.listCap === 'number' ? data.details.listCap : 1000);
      const count = ctx.listCount ?? null;
      return paused({
        kind: 'remove_lists',
        title: 'Too many lists and segments',
        message: `The sync is paused: the list "${ctx.listName}" can't be created because the account ${count !== null ? `has ${count.toLocaleString('en-US')} lists and segments, ` : 'has reached '}Klaviyo's limit of ${cap.toLocaleString('en-US')}.`,
        steps: ['In Klaviyo, delete lists or segments you no longer use.', 'Press Resume to create the list and continue.', 'Or cancel this run and sync into an existing list.'],
        ...(count !== null ? { listCount: count } : {}),
        listCap: cap,
      });
    }
    case 'LIST_CREATE_DAILY_LIMIT': {
      const resumeAfter = base?.resumeAfter ?? (typeof data.details?.resetsAt === 'string' ? data.details.resetsAt : undefined);
      return paused({
        kind: 'wait_until',
        title: 'Daily list limit reached',
        message: `The sync is paused: Klaviyo allows only so many new lists per day, and today's are used up, so "${ctx.listName}" can't be created yet.`,
        steps: [resumeAfter ? `Wait until ${resumeAfter}, then press Resume.` : 'Wait a day, then press Resume.', 'Or cancel this run and sync into an existing list.'],
        ...(resumeAfter ? { resumeAfter } : {}),
      });
    }
    case 'LIST_NOT_FOUND':
      return paused({
        kind: 'recreate_list',
        title: 'The list was deleted in Klaviyo',
        message: `The sync is paused: the list "${ctx.listName}" no longer exists in Klaviyo (it was deleted while the sync ran). Its members went with it.`,
        steps: [
          `Press Resume to create "${ctx.listName}" again and add everyone in the file to it (people already added are added again, since the old list is gone).`,
          'Or cancel this run.',
        ],
      });
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'SERVER_ERROR':
      return paused({
        kind: 'check_network',
        title: code === 'SERVER_ERROR' ? 'Klaviyo had a problem' : 'Could not reach Klaviyo',
        message: `The sync is paused: ${code === 'SERVER_ERROR' ? 'Klaviyo kept failing on its side' : 'the connection to Klaviyo failed'} after several retries. ${progressText(ctx)}`,
        steps: ['Check the internet connection (and Klaviyo’s status page).', `Press Resume. ${NOTHING_LOST}`],
      });
    case 'RATE_LIMITED': {
      const resumeAfter = base?.resumeAfter;
      return paused({
        kind: 'wait_until',
        title: 'Klaviyo asked to slow down',
        message: `The sync is paused: Klaviyo kept refusing requests because of its rate limits (another app may be using this account heavily). ${progressText(ctx)}`,
        steps: [resumeAfter ? `Press Resume after ${resumeAfter}.` : 'Press Resume in a few minutes.', NOTHING_LOST],
        ...(resumeAfter ? { resumeAfter } : {}),
      });
    }
    default:
      return { status: 'failed', action: null, lastError: data };
  }
}
