/**
 * Playwright fixtures for browser tests against the real core: a Klaviyo emulator on a free port, a
 * temporary data folder, `createApp` over both (real SQLite, the real keychain inside
 * scripts/with-keyring.mjs, real HTTP), a scripted TestShell, and the built renderer bridged to it all.
 * Each test gets its own of everything; nothing is shared between tests.
 */
import { test as base } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../electron/core/app';
import { createLogger } from '../../../electron/core/log';
import { startEmulator, type EmulatorOptions } from '../../klaviyo-emulator/index';
import { launchRenderer, type LaunchedRenderer } from './launch-renderer';
import { createTestShell, type TestShell } from './test-shell';

export type RunningEmulator = Awaited<ReturnType<typeof startEmulator>>;
export type CoreApp = ReturnType<typeof createApp>;

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A private key the fixture's emulator accepts with every scope (override with `test.use({ emulatorOptions })`). */
export const E2E_API_KEY = 'pk_e2e_local_0123456789abcdef';

/** The core as the app composes it, over a data folder and a Klaviyo (the emulator). */
export function openCore(dataDir: string, klaviyoBaseUrl: string): CoreApp {
  return createApp({ dataDir, klaviyoBaseUrl, logger: createLogger({ scope: 'e2e' }), version });
}

export interface AppFixtures {
  /** Options for the fixture's emulator: `test.use({ emulatorOptions: { apiKeys: [...], timeScale: 50 } })`. */
  emulatorOptions: EmulatorOptions;
  /** A fresh data folder (the app's history database and settings). */
  dataDir: string;
  emulator: RunningEmulator;
  core: CoreApp;
  testShell: TestShell;
  /** The built renderer, open in `page`, with window.audienceSync bridged to `core`. */
  renderer: LaunchedRenderer;
}

export const test = base.extend<AppFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'audience-sync-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  emulatorOptions: [{ apiKeys: [{ key: E2E_API_KEY }] }, { option: true }],
  emulator: async ({ emulatorOptions }, use) => {
    const emulator = await startEmulator(emulatorOptions);
    await use(emulator);
    await emulator.close();
  },
  core: async ({ dataDir, emulator }, use) => {
    const core = openCore(dataDir, emulator.url);
    await use(core);
    await core.close();
  },
  // eslint-disable-next-line no-empty-pattern
  testShell: async ({}, use) => {
    await use(createTestShell());
  },
  renderer: async ({ page, core, testShell }, use) => {
    const renderer = await launchRenderer({ page, app: core, shell: testShell });
    await use(renderer);
    await renderer.close();
  },
});

export { expect } from '@playwright/test';
