// Starts the built main process (dist-electron/main.js) against the stand-in Electron, plays a short
// session through it (IPC calls from our frame and a foreign one, navigation, a help link, the menu,
// closing the window) and prints what happened as one JSON line for main-bundle.test.ts.
const mainBundle = process.argv[2];
await import(mainBundle);
const state = globalThis.__standIn;

async function waitFor(check, what) {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

await waitFor(() => state.windows.length === 1 && state.windows[0].webContents.url !== '' || state.exitCode !== null, 'the window');
const report = { errors: state.errors, exitCode: state.exitCode };
if (state.exitCode === null) {
  const window = state.windows[0];
  const contents = window.webContents;
  const ours = { sender: { id: contents.id }, senderFrame: contents.mainFrame };
  const foreign = { sender: { id: contents.id }, senderFrame: { url: 'https://evil.example/', parent: null } };
  const call = (channel, event, ...args) => state.handlers.get(channel)(event, ...args);

  let headers = null;
  state.onHeadersReceived({ responseHeaders: { 'X-Test': ['1'] } }, (result) => { headers = result.responseHeaders; });
  const permissions = {};
  for (const permission of ['media', 'geolocation', 'clipboard-sanitized-write']) {
    state.permissionRequest(contents, permission, (allowed) => { permissions[permission] = allowed; });
  }
  let navigationPrevented = false;
  contents.emit('will-navigate', { preventDefault: () => { navigationPrevented = true; } }, 'https://evil.example/');
  const openHelp = contents.windowOpenHandler({ url: 'https://help.klaviyo.com/hc/en-us' });
  const openEvil = contents.windowOpenHandler({ url: 'https://evil.example/' });
  const openCsv = state.menu.template.flatMap((item) => item.submenu ?? []).find((item) => item.label === 'Open CSV…');
  openCsv.click();
  (await import('electron')).app.emit('second-instance');

  Object.assign(report, {
    webPreferences: window.options.webPreferences,
    loaded: contents.url,
    channels: [...state.handlers.keys()].sort(),
    appInfo: await call('getAppInfo', ours),
    foreignCall: await call('getAppInfo', foreign),
    invalid: await call('getRun', ours, { runId: 7 }),
    activeRuns: await call('listActiveRuns', ours),
    helpRefused: await call('shell.openHelp', ours, 'https://evil.example/'),
    csp: headers?.['Content-Security-Policy'] ?? null,
    keptHeaders: headers?.['X-Test'] ?? null,
    permissions,
    navigationPrevented,
    windowOpen: [openHelp, openEvil],
    opened: state.opened,
    sent: state.sent,
    focusedOnSecondInstance: state.focused,
  });

  window.close();
  await waitFor(() => state.quitCalls > 0, 'quit after closing the window');
  report.closedAndQuit = window.isDestroyed() && state.handlers.size === 0;
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
