/**
 * Wires the channel table to ipcMain. Every handler first checks who is calling (our window's main
 * frame showing our renderer) and drops anything else, then hands the payload to the dispatcher,
 * which validates it before any service runs. Electron's objects are passed in (this file imports
 * nothing from electron), so it is exercised by unit tests with stand-ins.
 */
import { channelNames, eventNames, shellChannels, type AppApi, type Wire } from '../shared/api';
import { eventWireName } from '../shared/bridge';
import { createDispatcher } from './core/dispatch';
import { isTrustedSender, type TrustedRenderer } from './core/ipc-guards';
import { createShellHandlers, type ShellBackend } from './core/shell-handlers';
import { createLogger, type Logger } from './core/log';

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: { id: number };
  /** A top-level frame has no parent; an iframe's parent is the frame that holds it. */
  senderFrame: { url: string; parent: unknown } | null;
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
export type DialogsLike = Pick<ShellBackend, 'showOpenDialog' | 'showSaveDialog'>;
export type ShellLike = Pick<ShellBackend, 'openExternal'>;

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
        isMainFrame: event.senderFrame !== null && event.senderFrame.parent === null,
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

  const shellHandlers = createShellHandlers({ ...dialogs, openExternal: (url) => shell.openExternal(url) });
  for (const name of shellChannels) guarded(name, shellHandlers[name]);

  const unsubscribes = eventNames.map((name) => app.on(name, (payload) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(eventWireName(name), payload);
  }));

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    for (const name of [...channelNames, ...shellChannels]) {
      ipcMain.removeHandler(name);
    }
  };
}
