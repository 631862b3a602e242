/**
 * Wires the channel table to ipcMain. Every handler first checks who is calling (our window's main
 * frame showing our renderer) and drops anything else, then hands the payload to the dispatcher,
 * which validates it before any service runs. Electron's objects are passed in (type-only import),
 * so this file is exercised by unit tests with stand-ins.
 */
import type {
  OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue,
} from 'electron';
import { z } from 'zod';
import { channelNames, eventNames, type AppApi, type Wire } from '../shared/api';
import { eventWireName } from '../shared/bridge';
import { createDispatcher } from './core/dispatch';
import {
  AUDIENCE_FILE_FILTERS, allowedHelpUrl, isTrustedSender, safeDefaultFileName, type TrustedRenderer,
} from './core/ipc-guards';
import { createLogger, type Logger } from './core/log';

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: { id: number; mainFrame: unknown };
  senderFrame: { url: string } | null;
}
type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
export interface IpcMainLike {
  handle(channel: string, listener: Handler): void;
  removeHandler(channel: string): void;
}
export interface IpcWindowLike {
  isDestroyed(): boolean;
  webContents: { id: number; isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
}
/** Dialogs already bound to the window (main.ts passes `(o) => dialog.showOpenDialog(win, o)`). */
export interface DialogsLike {
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  app: AppApi;
  window: IpcWindowLike;
  trustedRenderer: TrustedRenderer;
  dialogs: DialogsLike;
  shell: ShellLike;
  logger?: Logger;
}

const notAllowed: Wire<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'This window is not allowed to talk to the app.' },
};

function invalid(message: string): Wire<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

const SaveNameSchema = z.string().max(500);

/** Registers every channel, the shell channels and event forwarding; returns a function that undoes it all. */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const { ipcMain, app, window, trustedRenderer, dialogs, shell } = options;
  const logger = options.logger ?? createLogger({ scope: 'ipc' });
  const dispatch = createDispatcher(app, { logger });

  const guarded = (channel: string, serve: (args: unknown[]) => Promise<Wire<unknown>>): void => {
    ipcMain.handle(channel, async (event, ...args) => {
      const trusted = !window.isDestroyed() && isTrustedSender({
        webContentsId: event.sender.id,
        frameUrl: event.senderFrame?.url ?? null,
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      }, window.webContents.id, trustedRenderer);
      if (!trusted) {
        // The URL can name a local file; the channel is enough to investigate.
        logger.warn('dropped an IPC call from an untrusted sender', { channel });
        return notAllowed;
      }
      return serve(args);
    });
  };

  for (const name of channelNames) guarded(name, (args) => dispatch(name, args[0]));

  guarded('shell.pickCsvFile', async () => {
    const result = await dialogs.showOpenDialog({ title: 'Open an audience file', properties: ['openFile'], filters: AUDIENCE_FILE_FILTERS });
    return { ok: true, value: result.canceled ? null : (result.filePaths[0] ?? null) };
  });
  guarded('shell.pickFolder', async () => {
    const result = await dialogs.showOpenDialog({ title: 'Choose a folder', properties: ['openDirectory', 'createDirectory'] });
    return { ok: true, value: result.canceled ? null : (result.filePaths[0] ?? null) };
  });
  guarded('shell.pickSavePath', async (args) => {
    const name = SaveNameSchema.safeParse(args[0]);
    if (!name.success) return invalid('The suggested file name is not valid.');
    const result = await dialogs.showSaveDialog({ title: 'Save as', defaultPath: safeDefaultFileName(name.data) });
    return { ok: true, value: result.canceled || result.filePath === '' ? null : result.filePath };
  });
  guarded('shell.openHelp', async (args) => {
    const url = allowedHelpUrl(args[0]);
    if (url === null) return invalid('Only Klaviyo help pages can be opened from the app.');
    await shell.openExternal(url);
    return { ok: true, value: undefined };
  });

  const unsubscribes = eventNames.map((name) => app.on(name, (payload) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(eventWireName(name), payload);
  }));

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    for (const name of [...channelNames, 'shell.pickCsvFile', 'shell.pickFolder', 'shell.pickSavePath', 'shell.openHelp']) {
      ipcMain.removeHandler(name);
    }
  };
}
