/**
 * Where a worker thread's code lives. Under tsx/vitest the TypeScript source runs with tsx's loader;
 * in the bundled app and CLI, scripts/build-electron.mjs has built every `*.worker.ts` into
 * dist-electron/workers/<name>.js beside the bundle.
 */
declare const __BUNDLED__: boolean | undefined;

export interface WorkerEntry {
  url: URL;
  execArgv: string[];
}

/** Pass `new URL('./thing.worker.ts', import.meta.url)` from the module that owns the worker. */
export function workerEntry(source: URL): WorkerEntry {
  if (typeof __BUNDLED__ !== 'undefined' && __BUNDLED__) {
    const name = source.pathname.slice(source.pathname.lastIndexOf('/') + 1).replace(/\.ts$/, '.js');
    return { url: new URL(`./workers/${name}`, import.meta.url), execArgv: [] };
  }
  return { url: source, execArgv: ['--import', 'tsx'] };
}
