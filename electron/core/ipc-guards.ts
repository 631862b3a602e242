/**
 * The decisions behind electron/ipc.ts and electron/main.ts, as pure functions so they are tested
 * without Electron: which frames may call the app, which links may leave it.
 */

/** Where the renderer is loaded from: the packaged index.html, or the Vite dev server in development. */
export type TrustedRenderer = { kind: 'file'; url: string } | { kind: 'origin'; origin: string };

/** What ipc.ts reads off an IpcMainInvokeEvent. */
export interface SenderFacts {
  webContentsId: number;
  /** senderFrame.url; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** The sender is its webContents' main frame (not an iframe). */
  isMainFrame: boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A renderer URL is trusted when it is our index.html (any hash: the router lives there) or on the dev origin. */
export function isTrustedRendererUrl(url: string, trusted: TrustedRenderer): boolean {
  const actual = parse(url);
  if (!actual) return false;
  if (trusted.kind === 'origin') {
    const expected = parse(trusted.origin);
    return expected !== null && actual.origin !== 'null' && actual.origin === expected.origin;
  }
  const expected = parse(trusted.url);
  if (!expected || expected.protocol !== 'file:' || actual.protocol !== 'file:') return false;
  // Chromium and Node percent-encode a path differently (spaces, non-ASCII); compare the decoded paths.
  return actual.host === expected.host && decodePath(actual.pathname) === decodePath(expected.pathname) && actual.search === '';
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** An IPC call is served only for our window's main frame showing our renderer; anything else is dropped. */
export function isTrustedSender(sender: SenderFacts, windowWebContentsId: number, trusted: TrustedRenderer): boolean {
  return sender.webContentsId === windowWebContentsId
    && sender.isMainFrame
    && sender.frameUrl !== null
    && isTrustedRendererUrl(sender.frameUrl, trusted);
}

/** Klaviyo's help, developer docs and site: the only places a link in the app may open. */
export const HELP_HOSTS: readonly string[] = ['help.klaviyo.com', 'developers.klaviyo.com', 'www.klaviyo.com'];

/**
 * The URL to hand to the OS browser, or null when it is not an allow-listed Klaviyo page. Only plain
 * https on the default port, no credentials in the URL, exact host match (no look-alike subdomains).
 */
export function allowedHelpUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2000) return null;
  const parsed = parse(url);
  if (!parsed) return null;
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null;
  if (!HELP_HOSTS.includes(parsed.hostname)) return null;
  return parsed.href;
}

/** The file-dialog filter for audience files. */
export const AUDIENCE_FILE_FILTERS = [{ name: 'CSV, TSV or text files', extensions: ['csv', 'tsv', 'txt'] }];

/** A save dialog's suggested name: a plain file name, never a path the page chose. */
export function safeDefaultFileName(name: unknown, fallback = 'export.csv'): string {
  if (typeof name !== 'string') return fallback;
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}
