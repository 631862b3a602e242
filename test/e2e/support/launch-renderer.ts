/**
 * Opens the built renderer in Playwright's Chromium with `window.audienceSync` bridged to a real core:
 * every call goes through createDispatcher (the same validation and error envelopes as the app's IPC),
 * the shell through createShellHandlers over a TestShell, and the core's events are pushed into the page.
 */
import type { Frame, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventNames, shellChannels, type AppApi, type Wire } from '../../../shared/api';
import { createDispatcher } from '../../../electron/core/dispatch';
import { createLogger, type Logger } from '../../../electron/core/log';
import { createShellHandlers, type ShellChannel } from '../../../electron/core/shell-handlers';
import { INVOKE_BINDING, SHELL_BINDING, bridgeInitScript } from './bridge-script';
import { serveStatic } from './static-server';
import type { TestShell } from './test-shell';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist-renderer/', import.meta.url));

export interface LaunchedRenderer {
  /** The renderer's address (open it again after a reload test, etc.). */
  url: string;
  /** Uncaught page errors and console errors (CSP violations among them) since the page opened. */
  problems(): string[];
  /** Makes `shell.pathForDroppedFile` answer `path` for a dropped file named like it, then drops it on `selector`. */
  dropFile(selector: string, path: string): Promise<void>;
  close(): Promise<void>;
}

interface BindingSource {
  page: Page;
  frame: Frame;
}

const refused: Wire<never> = { ok: false, error: { code: 'INTERNAL', message: 'This page is not allowed to talk to the app.' } };

export async function launchRenderer(options: {
  page: Page;
  app: AppApi;
  shell: TestShell;
  logger?: Logger;
  /** Where the page starts (a hash route); default the app's first screen. */
  path?: string;
  /** The built renderer to serve; default dist-renderer/. */
  rendererDir?: string;
}): Promise<LaunchedRenderer> {
  const { page, app, shell } = options;
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('dist-renderer/index.html is missing: run `npm run build` before the end-to-end tests.');
  }
  const logger = options.logger ?? createLogger({ scope: 'e2e-bridge' });
  const dispatch = createDispatcher(app, { logger });
  const shellHandlers = createShellHandlers(shell);
  const server = await serveStatic(rendererDir);
  const pushName = `__audienceSyncPush_${randomBytes(8).toString('hex')}`;

  // The test bridge's sender check: the page's main frame on our server, as ipc.ts checks the window.
  const trusted = (source: BindingSource): boolean => source.page === page
    && source.frame === page.mainFrame()
    && new URL(source.frame.url()).origin === server.origin;

  await page.exposeBinding(INVOKE_BINDING, (source, channel: unknown, input: unknown) => (
    trusted(source) ? dispatch(String(channel), input) : Promise.resolve(refused)
  ));
  await page.exposeBinding(SHELL_BINDING, (source, channel: unknown, ...args: unknown[]) => {
    if (!trusted(source)) return Promise.resolve(refused);
    const known = (shellChannels as readonly unknown[]).includes(channel);
    return known ? shellHandlers[channel as ShellChannel](args) : Promise.resolve(refused);
  });
  await page.addInitScript({ content: await bridgeInitScript(pushName) });

  const push = (kind: 'event' | 'dropped', name: string, payload: unknown): Promise<void> => page
    .evaluate(([fn, k, n, p]) => {
      const target = (globalThis as unknown as Record<string, (kind: unknown, name: unknown, payload: unknown) => void>)[fn as string];
      target?.(k, n, p);
    }, [pushName, kind, name, payload] as const)
    // The page may be navigating or closed: an event it misses is an event it would miss in the app too.
    .catch(() => undefined);

  const unsubscribes = eventNames.map((event) => app.on(event, (payload) => {
    void push('event', event, payload);
  }));

  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });

  const url = `${server.origin}/${options.path ?? ''}`;
  await page.goto(url);

  return {
    url,
    problems: () => [...problems],
    async dropFile(selector, path) {
      const name = basename(path);
      await push('dropped', name, path);
      const content = readFileSync(path).toString('base64');
      const transfer = await page.evaluateHandle(([fileName, base64]) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        // This runs in the page; the Node-side type check has no DOM lib, hence the local type.
        const { DataTransfer: Transfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
        const data = new Transfer();
        data.items.add(new File([bytes], fileName, { type: 'text/csv' }));
        return data;
      }, [name, content] as const);
      for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer: transfer });
      await transfer.dispose();
    },
    async close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await server.close();
    },
  };
}
