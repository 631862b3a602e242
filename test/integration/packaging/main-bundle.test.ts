/**
 * The built main process (dist-electron/main.js, what the packaged app runs) started under Node with a
 * stand-in for the `electron` module (stand-in-electron/): the real binary cannot be downloaded here.
 * It checks main.ts's wiring end to end — window settings, CSP header, permissions, navigation, IPC
 * over the real core, the menu, closing — while the decisions themselves are unit-tested in test/unit/ipc.
 * Needs `npm run build` first; the closing-during-a-sync case stores a key, so run it inside
 * scripts/with-keyring.mjs (as `npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelNames, shellChannels } from '../../../shared/api';
import { electronSqliteBinding } from '../../../electron/core/native-binding';
import { createApp } from '../../../electron/core/app';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const mainBundle = join(root, 'dist-electron', 'main.js');
const standIn = fileURLToPath(new URL('./stand-in-electron/', import.meta.url));
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(mainBundle)) throw new Error('dist-electron/main.js is missing: run `npm run build` before this test.');
});
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startMain(options: { withNativeBinding: boolean; driver?: string; tsx?: boolean }): Record<string, unknown> {
  const work = mkdtempSync(join(tmpdir(), 'audience-sync-main-'));
  dirs.push(work);
  const appPath = join(work, 'app');
  const userData = join(work, 'user-data');
  mkdirSync(userData, { recursive: true });
  if (options.withNativeBinding) {
    // Under Node the "Electron build" is node_modules' own: what matters is that main.ts finds and passes it.
    const binding = electronSqliteBinding({
      electronVersion: '', platform: process.platform, arch: process.arch, isPackaged: false, resourcesPath: '', appPath,
    });
    mkdirSync(join(binding, '..'), { recursive: true });
    copyFileSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binding);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, STAND_IN_APP_PATH: appPath, STAND_IN_USER_DATA: userData };
  delete env.AUDIENCE_SYNC_HOME;
  delete env.KLAVIYO_BASE_URL;
  const loaders = [...(options.tsx ? ['--import', 'tsx'] : []), '--import', join(standIn, 'register.mjs')];
  const result = spawnSync(process.execPath, [...loaders, join(standIn, options.driver ?? 'drive-main.mjs'), mainBundle], {
    cwd: root, env, encoding: 'utf8', timeout: 120_000,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`main.js did not run:\n${result.stdout}\n${result.stderr}`);
  return { ...(JSON.parse(line) as Record<string, unknown>), userData, appPath };
}

describe('the built main process', () => {
  // One session serves the first three checks: starting the main process is the slow part.
  let session: Record<string, unknown> | null = null;
  const played = () => (session ??= startMain({ withNativeBinding: true }));

  it('opens one locked-down window whose IPC reaches the real core', () => {
    const report = played();
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBeNull();
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false });
    expect(String((report.webPreferences as { preload: string }).preload)).toMatch(/dist-electron[/\\]preload\.cjs$/);
    expect(report.loaded).toMatch(/^file:.*\/dist-renderer\/index\.html$/);
    expect(report.channels).toEqual([...channelNames, ...shellChannels].sort());

    expect(report.appInfo).toMatchObject({ ok: true, value: { version: '0.0.0-stand-in', dataFolder: report.userData, klaviyoBaseUrl: 'https://a.klaviyo.com' } });
    expect(report.activeRuns).toEqual({ ok: true, value: [] });
    expect(report.foreignCall).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(report.invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(report.helpRefused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('sets the CSP header, denies permissions, navigation and new windows, and opens only help links', () => {
    const report = played();
    expect((report.csp as string[])[0]).toContain("script-src 'self';");
    expect(report.keptHeaders).toEqual(['1']);
    expect(report.permissions).toEqual({ media: false, geolocation: false, 'clipboard-sanitized-write': true });
    expect(report.navigationPrevented).toBe(true);
    expect(report.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }]);
    expect(report.opened).toEqual(['https://help.klaviyo.com/hc/en-us']);
    // File → Open CSV… asks the renderer (which owns the flow) to start it.
    expect(report.sent).toContainEqual(['event:menuCommand', { command: 'openCsv' }]);
  });

  it('focuses its window when a second instance is started', () => {
    expect(played().focusedOnSecondInstance).toBe(1);
  });

  it('closes the core, removes its handlers and quits when the window closes with no sync running', () => {
    expect(played().closedAndQuit).toBe(true);
  });

  it('says how to fix a missing Electron build of the database module instead of crashing', () => {
    const report = startMain({ withNativeBinding: false });
    expect(report.exitCode).toBe(1);
    expect(String(report.errors)).toMatch(/npm start/);
  });

  it('asks before closing during a sync, keeps running when told to, and pauses the run before quitting', async () => {
    const report = startMain({ withNativeBinding: true, driver: 'drive-close-during-run.mjs', tsx: true });
    expect(report.failure).toBeUndefined();
    expect(report.question).toEqual({
      message: 'A sync is running. Pause it and quit?', detail: 'You can resume it next time.', buttons: ['Pause and quit', 'Keep running'],
    });
    expect(report.afterKeepRunning).toEqual({ windowOpen: true, quitCalls: 0, status: 'running' });
    expect(report.closed).toBe(true);
    expect(report.pausedBeforeClosing).toBe(true);
    // The history says paused (resumable), not interrupted: the run was checkpointed before the quit.
    const reopened = createApp({ dataDir: String(report.userData), klaviyoBaseUrl: 'http://127.0.0.1:9', retentionThread: 'inline' });
    try {
      const run = await reopened.getRun({ runId: String(report.runId) });
      expect(run.status).toBe('paused');
    } finally {
      await reopened.close();
    }
  }, 150_000);
});
