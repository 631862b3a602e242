import { afterEach, describe, expect, it } from 'vitest';
import type { Wire, WireShell } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { buildWindowBridge } from '../../../shared/bridge';
import { api, shell, unwrap } from '../../../renderer/api';

const global = globalThis as { audienceSync?: unknown };

function install(invoke: (channel: string, input: unknown) => Promise<Wire<unknown>>) {
  const ok = <T>(value: T): Promise<Wire<T>> => Promise.resolve({ ok: true, value });
  const wireShell: WireShell = {
    pickCsvFile: () => ok('/data/a.csv'),
    pickFolder: () => ok(null),
    pickSavePath: () => ok(null),
    openHelp: async () => ({ ok: false, error: { code: 'INVALID_INPUT', message: 'Only Klaviyo help pages can be opened from the app.' } }),
    pathForDroppedFile: () => '/dropped.csv',
  };
  global.audienceSync = buildWindowBridge(invoke, () => () => undefined, wireShell);
}

afterEach(() => {
  delete global.audienceSync;
});

describe('renderer api', () => {
  it('resolves with the value of a successful call', async () => {
    install(async (channel, input) => ({ ok: true, value: { channel, input } }));
    await expect(api.getRun({ runId: 'r1' })).resolves.toEqual({ channel: 'getRun', input: { runId: 'r1' } });
  });

  it('rejects with an AppError carrying the code, details and action that crossed as data', async () => {
    install(async () => ({ ok: false, error: { code: 'RUN_NOT_FOUND', message: 'No such run.', details: { runId: 'r9' } } }));
    const error = await api.getRun({ runId: 'r9' }).catch((e: unknown) => e);
    expect(AppError.is(error, 'RUN_NOT_FOUND')).toBe(true);
    expect((error as AppError).details).toEqual({ runId: 'r9' });
  });

  it('turns a lost transport or a malformed answer into INTERNAL', async () => {
    install(async () => { throw new Error("Error invoking remote method 'getRun'"); });
    expect(AppError.is(await api.getRun({ runId: 'r1' }).catch((e: unknown) => e), 'INTERNAL')).toBe(true);
    install(async () => ({ ok: false, error: { code: 'MADE_UP', message: 'x' } }) as unknown as Wire<unknown>);
    expect(AppError.is(await api.getRun({ runId: 'r1' }).catch((e: unknown) => e), 'INTERNAL')).toBe(true);
    expect(() => unwrap('nonsense' as unknown as Wire<unknown>)).toThrow(AppError);
  });

  it('says the bridge is missing instead of crashing when there is none', async () => {
    expect(AppError.is(await api.getAppInfo().catch((e: unknown) => e), 'INTERNAL')).toBe(true);
  });

  it('unwraps shell answers too', async () => {
    install(async () => ({ ok: true, value: null }));
    await expect(shell.pickCsvFile()).resolves.toBe('/data/a.csv');
    await expect(shell.openHelp('https://evil.example/')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
