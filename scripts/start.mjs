#!/usr/bin/env node
// `npm start`: build, make sure Electron and an Electron-ABI better-sqlite3 are there, launch the app.
// Each step says what it does and, when it fails, which step failed and what it needs; nothing waits
// on a network that is not there. node_modules' own better-sqlite3 (the Node build the tests and the
// CLI use) is never touched: the Electron build goes to .native/ (see build/native-electron.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronPackage, ensureElectronSqlite } from '../build/native-electron.mjs';

const root = new URL('..', import.meta.url).pathname;
const steps = ['build the app', 'get the Electron binary', 'build better-sqlite3 for Electron', 'launch'];
let current = 0;

function step(index) {
  current = index;
  console.log(`\n▶ ${index + 1}/${steps.length} ${steps[index]}`);
}

function fail(message) {
  console.error(`\n✖ npm start stopped at step ${current + 1}/${steps.length} (${steps[current]}):\n  ${message}`);
  process.exit(1);
}

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readFileSync(pathFile, 'utf8'))
    : join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

step(0);
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('the build failed (see the errors above).');

step(1);
let binary = electronBinary();
if (!binary) {
  console.log('Downloading Electron (once; about 100 MB)…');
  // Electron ≥ 45 downloads its binary on first use; doing it here turns a failure into a clear message.
  const install = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root, stdio: 'inherit', timeout: 15 * 60_000,
  });
  binary = install.status === 0 ? electronBinary() : null;
  if (!binary) {
    fail('the Electron binary could not be downloaded. It needs internet once (then it is cached);'
      + ' behind a proxy or mirror, set ELECTRON_MIRROR or ELECTRON_GET_USE_PROXY and rerun `npm start`.');
  }
}

step(2);
const { version } = electronPackage(root);
try {
  const addon = await ensureElectronSqlite({ projectDir: root, electronVersion: version });
  console.log(`Using ${addon.slice(root.length)}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

step(3);
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`Electron could not be started: ${error.message}`));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
