/**
 * For tests that quit the app and start it again. Each session is a createApp of its own over the
 * test's data folder and emulator, with a fresh page of the built renderer bridged to it: quitting and
 * starting the app gives a new main process and a new window over the same history.sqlite and keychain.
 * `quit()` closes a session the way electron/main.ts handles the window's close.
 * The shared fixture (fixtures.ts) stays one core, one page; this adds `openApp` next to it.
 */
import type { Page } from '@playwright/test';
import { runsToPauseOnClose } from '../../../electron/core/window-policy';
import { openCore, test as base, type CoreApp } from './fixtures';
import { launchRenderer, type LaunchedRenderer } from './launch-renderer';
import { createTestShell, type TestShell } from './test-shell';

export interface AppSession {
  core: CoreApp;
  page: Page;
  renderer: LaunchedRenderer;
  shell: TestShell;
  /**
   * Closes the window as main.ts does, the person answering “Pause and quit” when a sync is running:
   * every running sync is paused (checkpointed) first, then the window goes, then the core closes its
   * database. Resolves with the runs it paused (none: main.ts would not have asked). Safe to call twice.
   */
  quit(): Promise<string[]>;
}

export interface SessionFixtures {
  /** Starts the app (again) on this test's data folder and emulator: a new core and a new window. */
  openApp(): Promise<AppSession>;
}

export const test = base.extend<SessionFixtures>({
  openApp: async ({ context, dataDir, emulator }, use) => {
    const sessions: AppSession[] = [];
    await use(async () => {
      const core = openCore(dataDir, emulator.url);
      const page = await context.newPage();
      const shell = createTestShell();
      const renderer = await launchRenderer({ page, app: core, shell });
      let quitting: Promise<string[]> | null = null;
      const session: AppSession = {
        core, page, renderer, shell,
        quit: () => (quitting ??= (async () => {
          // main.ts's 'close' handler: which runs closing would cut off, then pauseRun on each.
          const running = runsToPauseOnClose(await core.listActiveRuns());
          for (const runId of running) await core.pauseRun({ runId });
          // Its 'closed' handler: the window is gone and IPC disposed, then core.close().
          await page.close();
          await renderer.close();
          await core.close();
          return running;
        })()),
      };
      sessions.push(session);
      return session;
    });
    // A test that failed half-way leaves sessions open: close them before the data folder goes.
    for (const session of sessions) await session.quit();
  },
});

export { expect } from './fixtures';
