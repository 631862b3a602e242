#!/usr/bin/env node
// Bundles the Node side (main process, preload, command line, worker threads) with esbuild.
// Runs on `npm install` (the `prepare` script) so `npx klaviyo-sync` works straight away.
// Dependencies stay external: node_modules ships beside the bundle (and inside the app's asar).
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative, basename } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist-electron');
const watchless = { logLevel: 'warning', sourcemap: 'linked', sourcesContent: false, legalComments: 'none' };

/** Every `*.worker.ts` under electron/core becomes dist-electron/workers/<name>.js (see core/worker-entry.ts). */
function findWorkers(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return findWorkers(full);
    return name.endsWith('.worker.ts') ? [full] : [];
  });
}

const nodeCommon = {
  ...watchless,
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  define: { __BUNDLED__: 'true' },
};

rmSync(out, { recursive: true, force: true });
const jobs = [];
const esm = { ...nodeCommon, format: 'esm', outExtension: { '.js': '.js' } };
for (const entry of ['main', 'cli']) {
  const src = join(root, 'electron', `${entry}.ts`);
  if (existsSync(src)) jobs.push(build({ ...esm, entryPoints: [src], outfile: join(out, `${entry}.js`) }));
}
const workers = findWorkers(join(root, 'electron', 'core'));
if (workers.length > 0) {
  jobs.push(build({
    ...esm,
    entryPoints: Object.fromEntries(workers.map((w) => [basename(w, '.ts'), w])),
    outdir: join(out, 'workers'),
  }));
}
// A sandboxed preload cannot be an ES module: CommonJS, with electron left to the runtime.
const preload = join(root, 'electron', 'preload.ts');
if (existsSync(preload)) {
  jobs.push(build({ ...nodeCommon, packages: undefined, format: 'cjs', entryPoints: [preload], outfile: join(out, 'preload.cjs') }));
}
await Promise.all(jobs);
console.log(`built ${jobs.length} bundle(s) into ${relative(root, out)}/`);
