/**
 * The application menu as data. main.ts hands it to Menu.buildFromTemplate; its shape is a subset of
 * Electron's MenuItemConstructorOptions (the core may not import electron, even for types).
 */

export interface MenuItemSpec {
  label?: string;
  role?: 'quit' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'reload' | 'toggleDevTools'
    | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'appMenu' | 'windowMenu';
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuActions {
  /** File → Open CSV… */
  openCsv(): void;
  /** Help links go to the OS browser (allow-listed). */
  openHelp(url: string): void;
}

/** Klaviyo help pages the Help menu links to (each passes allowedHelpUrl). */
export const HELP_LINKS: ReadonlyArray<{ label: string; url: string }> = [
  { label: 'Klaviyo Help Center', url: 'https://help.klaviyo.com/hc/en-us' },
  { label: 'Lists and segments in Klaviyo', url: 'https://help.klaviyo.com/hc/en-us/articles/115005237908' },
  { label: 'Klaviyo API keys', url: 'https://help.klaviyo.com/hc/en-us/articles/115005062267' },
  { label: 'Klaviyo API rate limits', url: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling' },
];

/** Reload and developer tools exist only in development: in the app they would only confuse. */
export function buildMenuTemplate(options: { isDev: boolean; isMac: boolean; actions: MenuActions }): MenuItemSpec[] {
  const { isDev, isMac, actions } = options;
  const file: MenuItemSpec = {
    label: '&File',
    submenu: [
      { label: 'Open CSV…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCsv() },
      ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Quit' }]),
    ],
  };
  const edit: MenuItemSpec = {
    label: '&Edit',
    submenu: [
      { role: 'undo' }, { role: 'redo' }, { type: 'separator' },
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
    ],
  };
  const view: MenuItemSpec = {
    label: '&View',
    submenu: [
      ...(isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemSpec = {
    label: '&Help',
    submenu: HELP_LINKS.map((link) => ({ label: link.label, click: () => actions.openHelp(link.url) })),
  };
  return [...(isMac ? [{ role: 'appMenu' as const }] : []), file, edit, view, ...(isMac ? [{ role: 'windowMenu' as const }] : []), help];
}
