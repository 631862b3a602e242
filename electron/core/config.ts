/**
 * Where the app keeps its data and which Klaviyo it talks to, decided from the environment.
 * Pure functions (the environment, platform and home folder are parameters) so every platform's
 * answer is unit-tested on any machine.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { AppError } from '../../shared/errors';
import { redact } from './log';

/** package.json's productName: Electron names the userData folder after it. */
export const PRODUCT_NAME = 'Audience Sync for Klaviyo';
export const DEFAULT_KLAVIYO_BASE_URL = 'https://a.klaviyo.com';

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value : undefined);

/**
 * The data folder: AUDIENCE_SYNC_HOME if set (a relative path is taken from `cwd`), otherwise the
 * folder Electron's app.getPath('userData') gives the app, so the command line and the window share
 * one history and one set of credentials.
 */
export function resolveDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
  cwd: string = process.cwd(),
): string {
  const path = platform === 'win32' ? win32 : posix;
  const override = nonEmpty(env.AUDIENCE_SYNC_HOME);
  if (override) return path.resolve(cwd, override);
  return path.join(appDataDir(env, platform, home), PRODUCT_NAME);
}

/** Electron's app.getPath('appData') for each platform. */
function appDataDir(env: Env, platform: NodeJS.Platform, home: string): string {
  switch (platform) {
    case 'win32':
      return nonEmpty(env.APPDATA) ?? win32.join(home, 'AppData', 'Roaming');
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support');
    default: {
      // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = nonEmpty(env.XDG_CONFIG_HOME);
      return xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config');
    }
  }
}

/** KLAVIYO_BASE_URL (the emulator, in tests and the demo) or Klaviyo itself; always http(s), no trailing slash. */
export function resolveKlaviyoBaseUrl(env: Env = process.env): string {
  const raw = nonEmpty(env.KLAVIYO_BASE_URL)?.trim();
  if (!raw) return DEFAULT_KLAVIYO_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidBaseUrl(raw);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw invalidBaseUrl(raw);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function invalidBaseUrl(raw: string): AppError {
  return new AppError({
    code: 'INVALID_INPUT',
    message: `KLAVIYO_BASE_URL must be an http(s) address such as https://a.klaviyo.com or http://127.0.0.1:4010 (it is "${redact(raw.slice(0, 200))}").`,
    details: { variable: 'KLAVIYO_BASE_URL' },
  });
}
