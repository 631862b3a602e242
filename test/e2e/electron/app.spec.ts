/**
 * The real desktop app under Playwright's Electron driver: the window, its security settings and one
 * channel call through the real preload and IPC. Skipped, with the reason, where the Electron binary
 * (or its better-sqlite3 build) is absent, as on machines without internet. Everything checked here
 * is also covered without Electron: test/unit/ipc (IPC, guards, window policy, preload),
 * test/integration/packaging/main-bundle.test.ts (the built main process against a stand-in electron
 * module) and test/e2e/bridge.spec.ts (the renderer over the same dispatcher in Chromium).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectron, PROJECT_DIR } from '../support/electron-binary';

const electronApp = findElectron();
test.skip(!electronApp.ok, electronApp.ok ? '' : electronApp.reason);

test('opens one sandboxed window with a strict CSP whose bridge reaches the core', async () => {
  if (!electronApp.ok) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'audience-sync-electron-'));
  const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  const app = await electron.launch({
    executablePath: electronApp.binary,
    args,
    cwd: PROJECT_DIR,
    env: { ...process.env, AUDIENCE_SYNC_HOME: dataDir, KLAVIYO_BASE_URL: 'http://127.0.0.1:9' },
  });
  try {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    expect(await window.title()).toBe('Audience Sync for Klaviyo');
    expect(app.windows()).toHaveLength(1);

    const csp = await window.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } })
      .document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null);
    expect(csp).toContain("script-src 'self'");

    // getLastWebPreferences is on WebContents at run time but missing from Electron 45's typings.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences(): { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean } | null;
      } | undefined;
      const last = contents?.getLastWebPreferences();
      return last ? { sandbox: last.sandbox, contextIsolation: last.contextIsolation, nodeIntegration: last.nodeIntegration } : null;
    });
    expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(await window.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]))
      .toEqual(['undefined', 'undefined']);

    const info = await window.evaluate(() => (globalThis as unknown as { audienceSync: { getAppInfo(): Promise<unknown> } }).audienceSync.getAppInfo());
    const { version } = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(info).toMatchObject({ ok: true, value: { version, dataFolder: dataDir } });

    // Navigation away is refused: the page stays on our index.html.
    const before = window.url();
    await window.evaluate(() => { (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'; });
    await window.waitForTimeout(500);
    expect(window.url()).toBe(before);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
