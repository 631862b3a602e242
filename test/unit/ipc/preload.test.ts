/**
 * The preload as Electron runs it: bundled to CommonJS (as scripts/build-electron.mjs does) and run in
 * a sandbox-like context whose `require` knows only 'electron', with stand-ins for contextBridge,
 * ipcRenderer and webUtils.
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { channelNames } from '../../../shared/api';

type Listener = (event: unknown, payload: unknown) => void;

async function loadPreload() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../../electron/preload.ts', import.meta.url))],
    bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: args[0] };
      },
      on: (channel: string, listener: Listener) => {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
      },
      removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
    },
    webUtils: { getPathForFile: (file: { name: string }) => `/home/ann/${file.name}` },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module, exports: module.exports, globalThis: {},
    require: (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  return { code, exposed, invoked, listeners, required };
}

describe('the preload', () => {
  it('needs nothing but electron, as a sandboxed preload must', async () => {
    const { required, code } = await loadPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/require\("(?!electron")/);
  });

  it('exposes only window.audienceSync, one method per channel plus on and shell', async () => {
    const { exposed } = await loadPreload();
    expect([...exposed.keys()]).toEqual(['audienceSync']);
    const api = exposed.get('audienceSync') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'on', 'shell'].sort());
  });

  it('sends channel calls and shell calls over ipcRenderer.invoke', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed.get('audienceSync') as {
      getRun(input: unknown): Promise<unknown>;
      shell: { openHelp(url: string): Promise<unknown>; pickSavePath(name: string): Promise<unknown>; pathForDroppedFile(file: unknown): string };
    };
    await api.getRun({ runId: 'r1' });
    await api.shell.openHelp('https://help.klaviyo.com/');
    await api.shell.pickSavePath('rejects.csv');
    expect(invoked).toEqual([
      ['getRun', { runId: 'r1' }],
      ['shell.openHelp', 'https://help.klaviyo.com/'],
      ['shell.pickSavePath', 'rejects.csv'],
    ]);
    expect(api.shell.pathForDroppedFile({ name: 'list.csv' })).toBe('/home/ann/list.csv');
  });

  it('hands subscribers the payload only, never the IPC event (whose sender is ipcRenderer)', async () => {
    const { exposed, listeners } = await loadPreload();
    const api = exposed.get('audienceSync') as { on(event: string, listener: (...args: unknown[]) => void): () => void };
    const seen: unknown[][] = [];
    const off = api.on('runStatus', (...args) => seen.push(args));
    const ipcEvent = { sender: 'ipcRenderer itself' };
    for (const listener of listeners.get('event:runStatus') ?? []) listener(ipcEvent, { id: 'r1' });
    off();
    expect(seen).toEqual([[{ id: 'r1' }]]);
    expect(listeners.get('event:runStatus')?.size).toBe(0);
  });
});
