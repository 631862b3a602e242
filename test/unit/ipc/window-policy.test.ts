import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/sync';
import { allowedHelpUrl, isTrustedRendererUrl } from '../../../electron/core/ipc-guards';
import { buildMenuTemplate, HELP_LINKS, type MenuItemSpec } from '../../../electron/core/app-menu';
import { electronSqliteBinding } from '../../../electron/core/native-binding';
import {
  contentSecurityPolicy, devServerUrl, isPermissionAllowed, runsToPauseOnClose, trustedRendererFor,
} from '../../../electron/core/window-policy';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

function flatten(items: MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

describe('contentSecurityPolicy', () => {
  it('matches the meta CSP of renderer/index.html in the packaged app', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    // frame-ancestors only works as a header (browsers ignore it in a meta tag).
    const headerOnly = (directive: string) => directive.startsWith('frame-ancestors');
    const directives = (csp: string) => csp.split(';').map((d) => d.trim()).filter((d) => d !== '' && !headerOnly(d)).sort();
    expect(directives(meta)).toEqual(directives(contentSecurityPolicy(null)));
    expect(contentSecurityPolicy(null)).toContain("frame-ancestors 'none'");
  });

  it('never allows inline or remote scripts in production', () => {
    const csp = contentSecurityPolicy(null);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('opens only the dev server socket in development', () => {
    expect(contentSecurityPolicy('http://localhost:5173')).toContain("connect-src 'self' ws://localhost:5173");
  });
});

describe('devServerUrl', () => {
  it('uses a loopback http dev server only when unpackaged', () => {
    expect(devServerUrl({ AUDIENCE_SYNC_DEV_URL: 'http://localhost:5173/' }, false)).toBe('http://localhost:5173');
    expect(devServerUrl({ AUDIENCE_SYNC_DEV_URL: 'http://localhost:5173/' }, true)).toBeNull();
    expect(devServerUrl({ AUDIENCE_SYNC_DEV_URL: 'https://evil.example/' }, false)).toBeNull();
    expect(devServerUrl({ AUDIENCE_SYNC_DEV_URL: 'nonsense' }, false)).toBeNull();
    expect(devServerUrl({}, false)).toBeNull();
  });

  it('trusts the file the window loads, however its path is encoded', () => {
    const path = '/home/ann/Audience Sync/dist-renderer/index.html';
    const trusted = trustedRendererFor(null, pathToFileURL(path).href);
    expect(isTrustedRendererUrl('file:///home/ann/Audience%20Sync/dist-renderer/index.html#/history', trusted)).toBe(true);
    expect(isTrustedRendererUrl('file:///home/ann/Other/dist-renderer/index.html', trusted)).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it('lets the page copy to the clipboard and nothing else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(permission), permission).toBe(false);
    }
  });
});

describe('runsToPauseOnClose', () => {
  const run = (id: string, status: RunSummary['status']) => ({ id, status }) as RunSummary;
  it('pauses only the runs that are sending right now', () => {
    expect(runsToPauseOnClose([run('a', 'running'), run('b', 'paused'), run('c', 'interrupted'), run('d', 'running')])).toEqual(['a', 'd']);
    expect(runsToPauseOnClose([])).toEqual([]);
  });
});

describe('buildMenuTemplate', () => {
  const actions = { opened: [] as string[], csv: 0 };
  const build = (isDev: boolean, isMac = false) => flatten(buildMenuTemplate({
    isDev, isMac, actions: { openCsv: () => { actions.csv += 1; }, openHelp: (url) => actions.opened.push(url) },
  }));

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => build(isDev).map((item) => item.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('has Open CSV and quit in File, and help links that are all allow-listed', () => {
    const items = build(false);
    items.find((item) => item.label === 'Open CSV…')?.click?.();
    expect(actions.csv).toBe(1);
    expect(items.some((item) => item.role === 'quit')).toBe(true);
    for (const link of HELP_LINKS) {
      items.find((item) => item.label === link.label)?.click?.();
      expect(allowedHelpUrl(link.url)).toBe(link.url);
    }
    expect(actions.opened).toEqual(HELP_LINKS.map((link) => link.url));
  });

  it('follows the macOS convention of an app menu', () => {
    expect(build(false, true)[0]?.role).toBe('appMenu');
  });
});

describe('electronSqliteBinding', () => {
  const facts = { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', resourcesPath: '/opt/app/resources', appPath: '/src/app' };
  it('uses the per-version build in the project folder when unpackaged', () => {
    expect(electronSqliteBinding({ ...facts, isPackaged: false })).toBe('/src/app/.native/electron-45.5.0-linux-x64/better_sqlite3.node');
  });
  it('uses the copy shipped in the resources when packaged', () => {
    expect(electronSqliteBinding({ ...facts, isPackaged: true })).toBe('/opt/app/resources/native/better_sqlite3.node');
  });
});
