import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { createDispatcher } from '../../../electron/core/dispatch';
import { createLogger } from '../../../electron/core/log';
import { createFakeApp } from './fake-app';

const KEY = 'pk_live_5f3c9a2b7d1e4f60aa91';

function setup() {
  const fake = createFakeApp();
  const lines: string[] = [];
  const dispatch = createDispatcher(fake.app, { logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }) });
  return { fake, lines, dispatch };
}

describe('createDispatcher', () => {
  it('passes validated input, with the schema defaults applied, to the matching AppApi method', async () => {
    const { fake, dispatch } = setup();
    fake.answer('addCredential', async () => ({ id: 'c1' }));
    const result = await dispatch('addCredential', { name: '  Main account ', apiKey: KEY });
    expect(result).toEqual({ ok: true, value: { id: 'c1' } });
    expect(fake.calls).toEqual([{ channel: 'addCredential', input: { name: 'Main account', description: '', apiKey: KEY } }]);
  });

  it('calls methods without input with nothing', async () => {
    const { fake, dispatch } = setup();
    const result = await dispatch('getAppInfo', undefined);
    expect(result).toEqual({ ok: true, value: { channel: 'getAppInfo' } });
    expect(fake.calls).toEqual([{ channel: 'getAppInfo', input: undefined }]);
  });

  it.each(['deleteEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'shell.openHelp'])(
    'refuses the unknown channel %j as INVALID_INPUT without calling the app', async (channel) => {
      const { fake, dispatch } = setup();
      const result = await dispatch(channel, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
      expect(fake.calls).toHaveLength(0);
    },
  );

  it('refuses input that does not match the schema and names the bad fields in plain words', async () => {
    const { fake, dispatch } = setup();
    const result = await dispatch('listRunRows', { runId: '', limit: 5000, fate: 'vanished' });
    expect(fake.calls).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toContain('listRunRows');
    for (const field of ['runId', 'limit', 'fate']) expect(result.error.message).toContain(field);
    expect(String(result.error.details?.fields).split(', ').sort()).toEqual(['fate', 'limit', 'runId']);
  });

  it('refuses input sent to a method that takes none', async () => {
    const { fake, dispatch } = setup();
    const result = await dispatch('listCredentials', { all: true });
    expect(result.ok).toBe(false);
    expect(fake.calls).toHaveLength(0);
  });

  it('never echoes an API key from rejected input', async () => {
    const { dispatch } = setup();
    // Valid key, invalid name: the key must not come back in the explanation.
    const badName = await dispatch('addCredential', { name: '', apiKey: KEY });
    // A key that is too long: the explanation is about the key field, without its value.
    const longKey = `pk_${'x'.repeat(300)}`;
    const badKey = await dispatch('replaceCredentialKey', { id: 'c1', apiKey: longKey });
    for (const result of [badName, badKey]) {
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('x'.repeat(20));
    }
    if (!badKey.ok) expect(badKey.error.message).toContain('apiKey: is not a valid API key');
  });

  it('keeps an AppError the app threw, code, action and all', async () => {
    const { fake, dispatch } = setup();
    const error = new AppError({
      code: 'LIST_LIMIT_REACHED', message: 'The account has 1,000 lists and segments.',
      details: { listCount: 1000 },
      action: { kind: 'remove_lists', title: 'Remove lists', message: 'Klaviyo caps lists.', steps: ['Delete unused lists.'] },
    });
    fake.answer('planSync', async () => { throw error; });
    const result = await dispatch('planSync', {
      taskId: 't1', path: '/tmp/a.csv', list: { name: 'VIP', create: true },
      mapping: { columns: [{ index: 0, header: 'email', target: { kind: 'email' } }] },
    });
    expect(result).toEqual({ ok: false, error: error.toData() });
  });

  it('turns any other failure into INTERNAL and logs it with secrets redacted', async () => {
    const { fake, dispatch, lines } = setup();
    fake.answer('testCredential', async () => { throw new Error(`request failed with header Klaviyo-API-Key ${KEY}`); });
    const result = await dispatch('testCredential', { id: 'c1' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('testCredential');
    expect(lines[0]).not.toContain(KEY);
  });

  it('redacts a key that slipped into an AppError message', async () => {
    const { fake, dispatch } = setup();
    fake.answer('testCredential', async () => { throw new AppError({ code: 'INVALID_CREDENTIALS', message: `Key ${KEY} was refused.` }); });
    const result = await dispatch('testCredential', { id: 'c1' });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('serves every channel of the table', async () => {
    const { dispatch } = setup();
    for (const channel of channelNames) {
      const result = await dispatch(channel, undefined);
      // Either it ran, or it was refused for its input: never "unknown channel".
      if (!result.ok) expect(result.error.message).not.toContain('does not exist');
    }
  });
});
