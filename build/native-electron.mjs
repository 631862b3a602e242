// Builds better-sqlite3 for Electron's ABI into .native/electron-<version>-<platform>-<arch>/, leaving
// node_modules' own (Node) build alone, so `npm test` and `npm start` both work in either order
// (ARCHITECTURE.md, "Native modules"). Used by scripts/start.mjs and by electron-builder's beforeBuild
// hook (build/before-build.mjs). keytar is N-API and loads in both runtimes as it is.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const SQLITE_ADDON = 'better_sqlite3.node';
const HEADERS_URL = 'https://electronjs.org/headers';

/** Same naming as electron/core/native-binding.ts, which main.ts uses to find the file. */
export function nativeDir(projectDir, electronVersion, platform, arch) {
  return join(projectDir, '.native', `electron-${electronVersion}-${platform}-${arch}`);
}

export function electronPackage(projectDir) {
  const dir = join(projectDir, 'node_modules', 'electron');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const abiFile = join(dir, 'abi_version');
  return { version: pkg.version, abi: existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null };
}

/**
 * A Node addon built with NODE_MODULE exports `node_register_module_v<ABI>`: the one check that tells an
 * Electron build from a Node build without running Electron (the RECIPES trap: a "successful" rebuild
 * against the machine's Node headers).
 */
export function addonAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? match[1] : null;
}

/** A step that failed with a message a developer can act on (printed as is by scripts/start.mjs). */
export class StepError extends Error {
  constructor(message) {
    super(message);
    this.name = 'StepError';
  }
}

function run(command, args, { cwd, env, log, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(tail);
      else {
        log(tail.trim().split('\n').slice(-12).join('\n'));
        reject(new StepError(signal ? `stopped after ${Math.round(timeoutMs / 60000)} min` : `exited with code ${code}`));
      }
    });
  });
}

function nodeGypScript(projectDir) {
  const require = createRequire(join(projectDir, 'package.json'));
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    throw new StepError('node-gyp was not found in node_modules: run `npm install` first.');
  }
}

/**
 * Returns the path of an Electron-ABI better_sqlite3.node, building it when missing (~2 min, and the
 * first time it downloads Electron's headers: it needs internet once).
 */
export async function ensureElectronSqlite({
  projectDir, electronVersion, platform = process.platform, arch = process.arch, log = console.log, headersUrl = HEADERS_URL, devDir,
}) {
  const { version, abi } = electronPackage(projectDir);
  const expectedAbi = electronVersion === version ? abi : null;
  const dir = nativeDir(projectDir, electronVersion, platform, arch);
  const target = join(dir, SQLITE_ADDON);
  if (existsSync(target) && (expectedAbi === null || addonAbi(target) === expectedAbi)) return target;
  if (platform !== process.platform) {
    throw new StepError(`better-sqlite3 cannot be built for ${platform} on ${process.platform}: package each platform on its own OS (or CI runner).`);
  }

  const source = join(projectDir, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(source, 'binding.gyp'))) throw new StepError('node_modules/better-sqlite3 is missing: run `npm install` first.');
  const work = join(dir, 'build-src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(join(source, part), join(work, part), { recursive: true });

  // The machine's npm config may set nodedir (Node's own headers); an Electron build must not see it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)));
  log(`Building better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}); about two minutes…`);
  await run(process.execPath, [
    nodeGypScript(projectDir), 'rebuild', '--release',
    `--target=${electronVersion}`, `--arch=${arch}`, `--dist-url=${headersUrl}`, '--runtime=electron',
    ...(devDir ? [`--devdir=${devDir}`] : []),
  ], { cwd: work, env, log, timeoutMs: 20 * 60_000 }).catch((error) => {
    rmSync(work, { recursive: true, force: true });
    throw new StepError(`Building better-sqlite3 for Electron failed (${error.message}). The first build downloads`
      + ` Electron ${electronVersion}'s headers from ${headersUrl}: it needs internet once.`);
  });

  const built = join(work, 'build', 'Release', SQLITE_ADDON);
  const builtAbi = existsSync(built) ? addonAbi(built) : null;
  if (builtAbi === null || (expectedAbi !== null && builtAbi !== expectedAbi)) {
    throw new StepError(`The better-sqlite3 build is for ABI ${builtAbi ?? 'unknown'}, not Electron's ${expectedAbi}: it would not load.`);
  }
  renameSync(built, target);
  rmSync(work, { recursive: true, force: true });
  return target;
}
