import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { classifyFailure } from '../../../electron/core/sync/failure-actions';

const ctx = { listName: 'VIP', done: 120, total: 400 };
const error = (code: ErrorCode, extra: Partial<ConstructorParameters<typeof AppError>[0]> = {}) => new AppError({ code, message: `${code} happened`, ...extra });

describe('what a failure does to a run', () => {
  it.each([
    ['INVALID_CREDENTIALS', 'replace_key'],
    ['MISSING_SCOPE', 'add_scope'],
    ['LIST_LIMIT_REACHED', 'remove_lists'],
    ['LIST_CREATE_DAILY_LIMIT', 'wait_until'],
    ['LIST_NOT_FOUND', 'recreate_list'],
    ['NETWORK_ERROR', 'check_network'],
    ['TIMEOUT', 'check_network'],
    ['SERVER_ERROR', 'check_network'],
    ['RATE_LIMITED', 'wait_until'],
  ] as const)('pauses the run on %s with the %s action', (code, kind) => {
    const result = classifyFailure(error(code), ctx);
    expect(result.status).toBe('paused');
    expect(result.action?.kind).toBe(kind);
    expect(result.action?.steps.length).toBeGreaterThan(0);
    expect(result.lastError.code).toBe(code);
  });

  it.each(['UNEXPECTED_RESPONSE', 'DATABASE_ERROR', 'INTERNAL'] as const)('fails the run on %s: nobody can fix it by hand', (code) => {
    expect(classifyFailure(error(code), ctx)).toMatchObject({ status: 'failed', action: null, lastError: { code } });
  });

  it('fails on anything that is not an AppError, without repeating its message', () => {
    const result = classifyFailure(new Error('secret internals pk_live_abcdef'), ctx);
    expect(result).toMatchObject({ status: 'failed', lastError: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('pk_live');
  });

  it('says how far the run got and that resuming sends nothing twice', () => {
    const action = classifyFailure(error('INVALID_CREDENTIALS'), ctx).action;
    expect(action?.message).toContain('120 of 400');
    expect(action?.steps.at(-1)).toMatch(/Nothing already sent will be sent again/);
  });

  it('carries the scopes, the list counts and the reset time the fix needs', () => {
    const scope = classifyFailure(error('MISSING_SCOPE', { action: { kind: 'add_scope', title: '', message: '', steps: [], scopes: ['lists:write'] } }), ctx);
    expect(scope.action?.scopes).toEqual(['lists:write']);
    const cap = classifyFailure(error('LIST_LIMIT_REACHED', { details: { listCap: 1000 } }), { ...ctx, listCount: 1000 });
    expect(cap.action).toMatchObject({ listCount: 1000, listCap: 1000 });
    const daily = classifyFailure(error('LIST_CREATE_DAILY_LIMIT', { details: { resetsAt: '2030-01-02T00:00:00.000Z' } }), ctx);
    expect(daily.action?.resumeAfter).toBe('2030-01-02T00:00:00.000Z');
  });
});
