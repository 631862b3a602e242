// A stand-in for the `electron` module, just enough for dist-electron/main.js to start under plain Node:
// the real binary cannot be downloaded here. It records what main.js asks of Electron in
// globalThis.__standIn so drive-main.mjs can check it; it decides nothing itself.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const state = {
  handlers: new Map(),
  windows: [],
  sent: [],
  dialogs: [],
  errors: [],
  opened: [],
  quitCalls: 0,
  focused: 0,
  exitCode: null,
  menu: null,
  onHeadersReceived: null,
  permissionRequest: null,
  permissionCheck: null,
  messageBoxAnswer: 1,
};
globalThis.__standIn = state;

class StandInApp extends EventEmitter {
  isPackaged = false;
  whenReady() { return Promise.resolve(); }
  requestSingleInstanceLock() { return true; }
  getPath() { return process.env.STAND_IN_USER_DATA; }
  getAppPath() { return process.env.STAND_IN_APP_PATH; }
  getVersion() { return '0.0.0-stand-in'; }
  quit() { state.quitCalls += 1; }
  exit(code) { state.exitCode = code; }
}
export const app = new StandInApp();

let nextId = 1;
class WebContents extends EventEmitter {
  id = nextId++;
  url = '';
  mainFrame = { url: '', parent: null };
  send(channel, payload) { state.sent.push([channel, payload]); }
  isDestroyed() { return false; }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.destroyed = false;
    this.webContents = new WebContents();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed() { return this.destroyed; }
  async loadFile(path) {
    this.webContents.url = pathToFileURL(path).href;
    this.webContents.mainFrame.url = this.webContents.url;
    this.emit('ready-to-show');
  }
  async loadURL(url) {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  show() {}
  focus() { state.focused += 1; }
  restore() {}
  isMinimized() { return false; }
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export const ipcMain = {
  handle(channel, listener) { state.handlers.set(channel, listener); },
  removeHandler(channel) { state.handlers.delete(channel); },
};
export const dialog = {
  async showOpenDialog(_window, options) { state.dialogs.push(options); return { canceled: true, filePaths: [] }; },
  async showSaveDialog(_window, options) { state.dialogs.push(options); return { canceled: true, filePath: '' }; },
  async showMessageBox(_window, options) { state.dialogs.push(options); return { response: state.messageBoxAnswer }; },
  showErrorBox(title, message) { state.errors.push(`${title}: ${message}`); },
};
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) { state.menu = menu; },
};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived(listener) { state.onHeadersReceived = listener; } },
    setPermissionRequestHandler(handler) { state.permissionRequest = handler; },
    setPermissionCheckHandler(handler) { state.permissionCheck = handler; },
  },
};
export const shell = { async openExternal(url) { state.opened.push(url); } };

export default { app, BrowserWindow, ipcMain, dialog, Menu, session, shell };
