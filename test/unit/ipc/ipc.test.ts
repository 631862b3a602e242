import { describe, expect, it } from 'vitest';
import { channelNames, shellChannels } from '../../../shared/api';
import { registerIpc, type DialogsLike, type InvokeEventLike } from '../../../electron/ipc';
import { createLogger } from '../../../electron/core/log';
import { createFakeApp } from './fake-app';

type OpenDialogOptions = Parameters<DialogsLike['showOpenDialog']>[0];
type SaveDialogOptions = Parameters<DialogsLike['showSaveDialog']>[0];
const INDEX = 'file:///app/resources/app.asar/dist-renderer/index.html';
type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const fake = createFakeApp();
  const handlers = new Map<string, Handler>();
  const sent: Array<{ channel: string; payload: unknown }> = [];
  const opened: string[] = [];
  const dialogs: Array<OpenDialogOptions | SaveDialogOptions> = [];
  const state = { destroyed: false, openAnswer: ['/data/list.csv'], saveAnswer: '/out/rejects.csv' };
  const mainFrame = { url: INDEX, parent: null };
  const window = {
    isDestroyed: () => state.destroyed,
    webContents: { id: 3, isDestroyed: () => state.destroyed, send: (channel: string, payload: unknown) => sent.push({ channel, payload }) },
  };
  const logged: string[] = [];
  const dispose = registerIpc({
    ipcMain: {
      handle: (channel, listener) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => handlers.delete(channel),
    },
    app: fake.app,
    window,
    trustedRenderer: { kind: 'file', url: INDEX },
    dialogs: {
      showOpenDialog: async (options) => {
        dialogs.push(options);
        return { canceled: state.openAnswer.length === 0, filePaths: state.openAnswer };
      },
      showSaveDialog: async (options) => {
        dialogs.push(options);
        return { canceled: state.saveAnswer === '', filePath: state.saveAnswer };
      },
    },
    shell: { openExternal: async (url) => { opened.push(url); } },
    logger: createLogger({ level: 'debug', sink: (line) => logged.push(line) }),
  });
  const ours: InvokeEventLike = { sender: { id: 3 }, senderFrame: mainFrame };
  const call = (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { fake, handlers, sent, opened, dialogs, state, dispose, ours, call, logged };
}

describe('registerIpc', () => {
  it('handles exactly the channels of the table and the shell channels', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...channelNames, ...shellChannels].sort());
  });

  it('serves our window through the dispatcher, validation included', async () => {
    const { call, ours, fake } = setup();
    expect(await call('getRun', ours, { runId: 'r1' })).toEqual({ ok: true, value: { channel: 'getRun' } });
    const bad = await call('getRun', ours, { runId: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(fake.calls).toEqual([{ channel: 'getRun', input: { runId: 'r1' } }]);
  });

  it('drops calls from another webContents, an iframe, a navigated frame or a foreign page before any service runs', async () => {
    const { call, fake, ours, logged } = setup();
    const iframe = { url: INDEX, parent: ours.senderFrame };
    const foreign = { url: 'https://evil.example/', parent: null };
    const events: InvokeEventLike[] = [
      { sender: { id: 4 }, senderFrame: ours.senderFrame },
      { sender: { id: 3 }, senderFrame: iframe },
      { sender: { id: 3 }, senderFrame: null },
      { sender: { id: 3 }, senderFrame: foreign },
    ];
    for (const event of events) {
      expect(await call('listCredentials', event)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(await call('shell.openHelp', event, 'https://help.klaviyo.com/hc/')).toMatchObject({ ok: false });
    }
    expect(fake.calls).toHaveLength(0);
    expect(logged.length).toBe(events.length * 2);
  });

  it('drops every call once the window is gone', async () => {
    const { call, ours, state, fake } = setup();
    state.destroyed = true;
    expect(await call('getAppInfo', ours)).toMatchObject({ ok: false });
    expect(fake.calls).toHaveLength(0);
  });

  it('forwards core events to the window until disposed', () => {
    const { fake, sent, dispose, state } = setup();
    fake.emit('runStatus', { id: 'r1' });
    fake.emit('taskProgress', { taskId: 't1' });
    state.destroyed = true;
    fake.emit('runStatus', { id: 'r2' });
    state.destroyed = false;
    dispose();
    fake.emit('runStatus', { id: 'r3' });
    expect(sent).toEqual([
      { channel: 'event:runStatus', payload: { id: 'r1' } },
      { channel: 'event:taskProgress', payload: { taskId: 't1' } },
    ]);
    expect(fake.listenerCount()).toBe(0);
  });

  it('removes every handler when disposed', () => {
    const { handlers, dispose } = setup();
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('opens only allow-listed Klaviyo help pages in the browser', async () => {
    const { call, ours, opened } = setup();
    expect(await call('shell.openHelp', ours, 'https://help.klaviyo.com/hc/en-us')).toEqual({ ok: true, value: undefined });
    expect(await call('shell.openHelp', ours, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('shell.openHelp', ours, 'file:///etc/passwd')).toMatchObject({ ok: false });
    expect(opened).toEqual(['https://help.klaviyo.com/hc/en-us']);
  });

  it('answers the file dialogs with the chosen path, or null when cancelled', async () => {
    const { call, ours, state, dialogs } = setup();
    expect(await call('shell.pickCsvFile', ours)).toEqual({ ok: true, value: '/data/list.csv' });
    state.openAnswer = [];
    expect(await call('shell.pickFolder', ours)).toEqual({ ok: true, value: null });
    expect(await call('shell.pickSavePath', ours, '../../secret/rejects.csv')).toEqual({ ok: true, value: '/out/rejects.csv' });
    state.saveAnswer = '';
    expect(await call('shell.pickSavePath', ours, 'a.csv')).toEqual({ ok: true, value: null });
    expect(await call('shell.pickSavePath', ours, { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const csv = dialogs[0] as OpenDialogOptions;
    expect(csv.filters?.flatMap((f) => f.extensions).sort()).toEqual(['csv', 'tsv', 'txt']);
    expect((dialogs[1] as OpenDialogOptions).properties).toContain('openDirectory');
    expect((dialogs[2] as SaveDialogOptions).defaultPath).toBe('rejects.csv');
  });
});
