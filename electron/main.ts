/**
 * The Electron main process: one locked-down window over the core. Every decision worth testing lives
 * in electron/core (ipc-guards, window-policy, app-menu, native-binding); this file only wires them to
 * Electron's objects.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from './core/app';
import { resolveDataDir, resolveKlaviyoBaseUrl } from './core/config';
import { buildMenuTemplate } from './core/app-menu';
import { allowedHelpUrl } from './core/ipc-guards';
import { createLogger } from './core/log';
import { electronSqliteBinding } from './core/native-binding';
import {
  CLOSE_DURING_RUN_PROMPT, contentSecurityPolicy, devServerUrl, isPermissionAllowed, runsToPauseOnClose, trustedRendererFor,
} from './core/window-policy';
import { registerIpc } from './ipc';

const logger = createLogger({ scope: 'main' });
/** Sent for File → Open CSV…; the renderer subscribes once shared/api.ts lists `menuCommand` among its events. */
const MENU_COMMAND_CHANNEL = 'event:menuCommand';

const devOrigin = devServerUrl(process.env, app.isPackaged);
const indexPath = fileURLToPath(new URL('../dist-renderer/index.html', import.meta.url));
const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));

function openHelp(url: string): void {
  const allowed = allowedHelpUrl(url);
  if (allowed) void shell.openExternal(allowed);
}

/** No navigation, no new windows, no webviews: the app is one page; help links go to the OS browser. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openHelp(url);
    return { action: 'deny' };
  });
}

function sqliteBinding(): string {
  const binding = electronSqliteBinding({
    electronVersion: process.versions.electron ?? '',
    platform: process.platform,
    arch: process.arch,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  if (!existsSync(binding)) {
    throw new Error(app.isPackaged
      ? 'The database module for this version of the app is missing. Reinstall Audience Sync for Klaviyo.'
      : 'The database module built for Electron is missing. Start the app with `npm start`, which builds it.');
  }
  return binding;
}

async function start(): Promise<void> {
  await app.whenReady();

  const csp = contentSecurityPolicy(devOrigin);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));

  let core: ReturnType<typeof createApp>;
  try {
    // AUDIENCE_SYNC_HOME (shared with the command line) wins; otherwise Electron's own userData folder.
    const dataDir = process.env.AUDIENCE_SYNC_HOME ? resolveDataDir() : app.getPath('userData');
    core = createApp({
      dataDir, klaviyoBaseUrl: resolveKlaviyoBaseUrl(), logger, nativeBinding: sqliteBinding(), version: app.getVersion(),
    });
  } catch (error) {
    logger.error('the app could not start', { error });
    dialog.showErrorBox('Audience Sync for Klaviyo could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Audience Sync for Klaviyo',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  const disposeIpc = registerIpc({
    ipcMain,
    app: core,
    window,
    trustedRenderer: trustedRendererFor(devOrigin, pathToFileURL(indexPath).href),
    dialogs: {
      showOpenDialog: (options) => dialog.showOpenDialog(window, options),
      showSaveDialog: (options) => dialog.showSaveDialog(window, options),
    },
    shell,
    logger: logger.child('ipc'),
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
    isDev: !app.isPackaged,
    isMac: process.platform === 'darwin',
    actions: {
      openCsv: () => window.webContents.send(MENU_COMMAND_CHANNEL, { command: 'openCsv' }),
      openHelp,
    },
  })));

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Closing mid-run: pause (which checkpoints) and quit, or stay. Asked once per close attempt.
  let closeConfirmed = false;
  window.on('close', (event) => {
    if (closeConfirmed) return;
    event.preventDefault();
    void (async () => {
      const running = runsToPauseOnClose(await core.listActiveRuns().catch(() => []));
      if (running.length > 0) {
        const answer = await dialog.showMessageBox(window, {
          type: 'question',
          message: CLOSE_DURING_RUN_PROMPT.message,
          detail: CLOSE_DURING_RUN_PROMPT.detail,
          buttons: [...CLOSE_DURING_RUN_PROMPT.buttons],
          defaultId: CLOSE_DURING_RUN_PROMPT.pauseButton,
          cancelId: CLOSE_DURING_RUN_PROMPT.cancelButton,
          noLink: true,
        });
        if (answer.response !== CLOSE_DURING_RUN_PROMPT.pauseButton) return;
        for (const runId of running) {
          await core.pauseRun({ runId }).catch((error: unknown) => logger.warn('could not pause a run on close', { runId, error }));
        }
      }
      closeConfirmed = true;
      window.close();
    })();
  });
  window.on('closed', () => {
    disposeIpc();
    void Promise.resolve(core.close()).finally(() => app.quit());
  });

  if (devOrigin) await window.loadURL(devOrigin);
  else await window.loadFile(indexPath);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  // Quitting waits for the core to close its database (the window's 'closed' handler quits after it).
  app.on('window-all-closed', () => undefined);
  start().catch((error: unknown) => {
    logger.error('the window could not open', { error });
    app.exit(1);
  });
}
