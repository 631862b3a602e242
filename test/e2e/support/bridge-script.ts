/**
 * The init script that builds `window.audienceSync` in the page from the same shared/bridge.ts the
 * preload uses, bundled with esbuild into a function-scoped IIFE (nothing of it leaks onto window).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The exposeBinding names the init script picks up and then deletes from window. */
export const INVOKE_BINDING = '__audienceSyncInvoke';
export const SHELL_BINDING = '__audienceSyncShell';

let bundled: Promise<string> | null = null;

function bundleBridge(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('../../../shared/bridge.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'AudienceSyncBridge',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no bridge bundle');
    return file.text;
  });
  return bundled;
}

/**
 * @param pushName the hidden global through which the test pushes events into the page (random per
 *   launch so page code cannot guess it from the source).
 */
export async function bridgeInitScript(pushName: string): Promise<string> {
  const bridge = await bundleBridge();
  return `(() => {
  const invoke = globalThis[${JSON.stringify(INVOKE_BINDING)}];
  const shellCall = globalThis[${JSON.stringify(SHELL_BINDING)}];
  if (typeof invoke !== 'function' || typeof shellCall !== 'function') return;
  // The page must not reach the generic bindings: only the channel methods built below.
  delete globalThis[${JSON.stringify(INVOKE_BINDING)}];
  delete globalThis[${JSON.stringify(SHELL_BINDING)}];
  ${bridge}
  const listeners = new Map();
  const dropped = new Map();
  Object.defineProperty(globalThis, ${JSON.stringify(pushName)}, {
    enumerable: false, configurable: false, writable: false,
    value: (kind, name, payload) => {
      if (kind === 'event') for (const listener of [...(listeners.get(name) ?? [])]) {
        try { listener(payload); } catch (error) { console.error(error); }
      }
      if (kind === 'dropped') dropped.set(name, payload);
    },
  });
  const bridgeApi = AudienceSyncBridge.buildWindowBridge(
    (channel, input) => invoke(channel, input),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => { set.delete(listener); };
    },
    {
      pickCsvFile: () => shellCall('shell.pickCsvFile'),
      pickFolder: () => shellCall('shell.pickFolder'),
      pickSavePath: (defaultName) => shellCall('shell.pickSavePath', defaultName),
      openHelp: (url) => shellCall('shell.openHelp', url),
      // A browser File has no path; the test registers the path of each file it drops (see dropFile).
      pathForDroppedFile: (file) => dropped.get(file && file.name) ?? '',
    },
  );
  Object.defineProperty(globalThis, 'audienceSync', { value: bridgeApi, enumerable: true, configurable: false, writable: false });
})();`;
}
