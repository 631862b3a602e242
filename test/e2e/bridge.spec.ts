/**
 * The Playwright bridge, end to end: the built renderer in Chromium, window.audienceSync built by
 * shared/bridge.ts, calls through the same dispatcher as the app's IPC, to a real core (real SQLite,
 * real keychain, the Klaviyo emulator over HTTP).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelNames, type Wire } from '../../shared/api';
import { E2E_API_KEY, expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/** Calls window.audienceSync.<method>(input) in the page and returns the Wire envelope it resolved to. */
type Page = Parameters<Parameters<typeof test>[2]>[0]['page'];
function callInPage(page: Page, method: string, input?: unknown): Promise<Wire<unknown>> {
  return page.evaluate(([name, arg]) => {
    const bridge = (globalThis as unknown as { audienceSync: Record<string, (input?: unknown) => Promise<Wire<unknown>>> }).audienceSync;
    const fn = bridge[name as string];
    if (!fn) throw new Error(`no method ${String(name)}`);
    return fn(arg);
  }, [method, input] as const);
}

test('getAppInfo returns the real core\'s facts to the page', async ({ page, renderer, dataDir, emulator }) => {
  // The built renderer boots over the bridge under the production CSP without a single error.
  await page.waitForLoadState('networkidle');
  expect(renderer.problems()).toEqual([]);
  const result = await callInPage(page, 'getAppInfo');
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(result).toMatchObject({ ok: true, value: { version, dataFolder: dataDir, klaviyoBaseUrl: emulator.url } });
  await saveScreenshot(page, 'bridge-first-screen');
});

test('bad input comes back as an INVALID_INPUT error, without the key that was sent', async ({ page, renderer, core }) => {
  void renderer;
  const key = 'pk_e2e_5f3c9a2b7d1e4f60aa91';
  const result = await callInPage(page, 'addCredential', { name: '', apiKey: key });
  expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(JSON.stringify(result)).not.toContain(key);
  expect(await callInPage(page, 'getRun', { runId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  // Nothing was stored on the way.
  expect(await core.listCredentials()).toEqual([]);
});

test('an error the core raises crosses as data with its code', async ({ page, renderer }) => {
  void renderer;
  expect(await callInPage(page, 'getRun', { runId: 'no-such-run' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
});

test('core events reach a subscriber in the page until it unsubscribes', async ({ page, renderer, dataDir }) => {
  void renderer;
  // A real plan: the key goes to the keychain, the file is staged, the emulator's list is read.
  const credential = await callInPage(page, 'addCredential', { name: 'E2E account', apiKey: E2E_API_KEY });
  expect(credential).toMatchObject({ ok: true, value: { name: 'E2E account' } });
  expect(JSON.stringify(credential)).not.toContain(E2E_API_KEY);
  const credentialId = (credential as { value: { id: string } }).value.id;
  const csv = join(dataDir, 'audience.csv');
  writeFileSync(csv, `email\n${Array.from({ length: 50 }, (_, i) => `person${i}@example.com`).join('\n')}\n`);
  const plan = () => callInPage(page, 'planSync', {
    taskId: 'plan-1', credentialId, path: csv, list: { name: 'Bridge test', create: true },
    mapping: { columns: [{ index: 0, header: 'email', target: { kind: 'email' } }] },
  });

  // Two subscribers; one unsubscribes before anything happens. One push reaches every subscriber, so
  // once the kept one has events, the dropped one would have them too had unsubscribing failed.
  await page.evaluate(() => {
    const g = globalThis as unknown as { kept: unknown[]; dropped: unknown[]; audienceSync: { on(e: string, l: (p: unknown) => void): () => void } };
    g.kept = [];
    g.dropped = [];
    g.audienceSync.on('taskProgress', (payload) => g.kept.push(payload));
    const off = g.audienceSync.on('taskProgress', (payload) => g.dropped.push(payload));
    off();
  });
  // Whether the plan succeeds is the sync engine's business (its own tests); here only its events matter.
  await plan();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { kept: unknown[] }).kept.length)).toBeGreaterThan(0);
  const { kept, dropped } = await page.evaluate(() => {
    const g = globalThis as unknown as { kept: Array<{ taskId: string }>; dropped: unknown[] };
    return { kept: g.kept, dropped: g.dropped };
  });
  expect(kept.every((event) => event.taskId === 'plan-1')).toBe(true);
  expect(dropped).toEqual([]);
});

test('the page reaches the app only through the channel methods', async ({ page, renderer, testShell, dataDir }) => {
  const shape = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown> & { audienceSync: Record<string, unknown> };
    const bridge = g.audienceSync;
    let added = true;
    try {
      (bridge as Record<string, unknown>).invoke = () => undefined;
    } catch {
      added = false;
    }
    let replaced = true;
    try {
      g.audienceSync = {};
    } catch {
      replaced = false;
    }
    return {
      keys: Object.keys(bridge).sort(),
      shellKeys: Object.keys(bridge.shell as object).sort(),
      frozen: Object.isFrozen(bridge),
      added: added && 'invoke' in bridge,
      replaced: replaced && Object.keys(g.audienceSync).length === 0,
      bindings: Object.getOwnPropertyNames(globalThis).filter((name) => /audienceSync(Invoke|Shell)/.test(name)),
    };
  });
  expect(shape.keys).toEqual([...channelNames, 'on', 'shell'].sort());
  expect(shape.shellKeys).toEqual(['openHelp', 'pathForDroppedFile', 'pickCsvFile', 'pickFolder', 'pickSavePath']);
  expect(shape.frozen).toBe(true);
  expect(shape.added).toBe(false);
  expect(shape.replaced).toBe(false);
  expect(shape.bindings).toEqual([]);

  // Subscribing to something that is not an event of the table is refused.
  expect(await page.evaluate(() => {
    try {
      (globalThis as unknown as { audienceSync: { on(e: string, l: () => void): unknown } }).audienceSync.on('ipc-message', () => undefined);
      return 'subscribed';
    } catch (error) {
      return (error as Error).message;
    }
  })).toMatch(/Unknown event/);

  // The shell opens only Klaviyo help pages, and answers dialogs with what the person picked.
  const openHelp = (url: string) => page.evaluate((u) => (globalThis as unknown as { audienceSync: { shell: { openHelp(u: string): Promise<unknown> } } }).audienceSync.shell.openHelp(u), url);
  expect(await openHelp('https://evil.example/phish')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await openHelp('https://help.klaviyo.com/hc/en-us')).toEqual({ ok: true });
  expect(testShell.helpOpened).toEqual(['https://help.klaviyo.com/hc/en-us']);
  testShell.answerCsvFile('/data/list.csv');
  const pick = () => page.evaluate(() => (globalThis as unknown as { audienceSync: { shell: { pickCsvFile(): Promise<unknown> } } }).audienceSync.shell.pickCsvFile());
  expect(await pick()).toEqual({ ok: true, value: '/data/list.csv' });
  expect(await pick()).toEqual({ ok: true, value: null });
  expect(testShell.dialogs.map((dialog) => dialog.kind)).toEqual(['csv', 'csv']);

  // A dropped file's path comes from the shell, as webUtils.getPathForFile gives it in the app.
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      dropped: string[];
      audienceSync: { shell: { pathForDroppedFile(file: unknown): string } };
      document: { body: { addEventListener(type: string, listener: (event: { preventDefault(): void; dataTransfer: { files: ArrayLike<unknown> } }) => void): void } };
    };
    g.dropped = [];
    g.document.body.addEventListener('drop', (event) => {
      event.preventDefault();
      for (const file of Array.from(event.dataTransfer.files)) g.dropped.push(g.audienceSync.shell.pathForDroppedFile(file));
    });
  });
  const csv = join(dataDir, 'dropped list.csv');
  writeFileSync(csv, 'email\nann@example.com\n');
  await renderer.dropFile('body', csv);
  expect(await page.evaluate(() => (globalThis as unknown as { dropped: string[] }).dropped)).toEqual([csv]);
});
