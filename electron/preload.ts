/**
 * The preload: exposes `window.audienceSync`, built from the channel table by shared/bridge.ts.
 * It runs sandboxed (bundled as CommonJS into dist-electron/preload.cjs); the page never sees
 * ipcRenderer, only one method per channel, `on` and `shell`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Wire, WireShell } from '../shared/api';
import { buildWindowBridge, eventWireName } from '../shared/bridge';

const invoke = (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args) as Promise<Wire<never>>;

const shell: WireShell = {
  pickCsvFile: () => invoke('shell.pickCsvFile'),
  pickFolder: () => invoke('shell.pickFolder'),
  pickSavePath: (defaultName) => invoke('shell.pickSavePath', defaultName),
  openHelp: (url) => invoke('shell.openHelp', url),
  pathForDroppedFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('audienceSync', buildWindowBridge(
  (channel, input) => invoke(channel, input),
  (event, listener) => {
    // The IpcRendererEvent stays here: its `sender` is ipcRenderer itself.
    const handler = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(eventWireName(event), handler);
    return () => {
      ipcRenderer.removeListener(eventWireName(event), handler);
    };
  },
  shell,
));
