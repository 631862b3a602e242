/**
 * Starts one of this folder's workers. Bundled builds load dist-electron/workers/<name>.js
 * (core/worker-entry.ts). Under tsx/vitest, Node 20 ignores `--import tsx` in a worker's execArgv
 * (ERR_UNKNOWN_FILE_EXTENSION for the .ts entry), so the worker starts from a tiny bootstrap that
 * registers tsx's loader and then imports the TypeScript entry.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';

export function spawnWorker(source: URL, options: WorkerOptions = {}): Worker {
  const entry = workerEntry(source);
  if (entry.execArgv.length === 0) return new Worker(entry.url, options);
  // tsx's ESM entry (its CommonJS entry cannot register the ESM hooks from here).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry.url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
