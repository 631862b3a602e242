#!/usr/bin/env node
// Runs a command with a working OS keychain.
// On Linux the command runs inside a private D-Bus session with its own unlocked gnome-keyring, whose
// files live in a temporary folder: tests and demos never touch the user's own keyring.
// Elsewhere (macOS Keychain, Windows Credential Manager) the command runs as it is.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-keyring <command> [args…]');
  process.exit(2);
}

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const alreadyInside = process.env.AUDIENCE_SYNC_KEYRING === 'private';
const canWrap = process.platform === 'linux' && !alreadyInside && has('dbus-run-session') && has('gnome-keyring-daemon');

if (process.platform === 'linux' && !alreadyInside && !canWrap) {
  console.warn('with-keyring: dbus-run-session or gnome-keyring-daemon is missing (apt-get install dbus gnome-keyring);'
    + ' running without a private keyring, so keychain tests will report KEYCHAIN_UNAVAILABLE.');
}

let dir = null;
let child;
if (canWrap) {
  dir = mkdtempSync(join(tmpdir(), 'audience-sync-keyring-'));
  for (const sub of ['data', 'runtime', 'cache']) mkdirSync(join(dir, sub));
  chmodSync(dir, 0o700);
  chmodSync(join(dir, 'runtime'), 0o700);
  const env = {
    ...process.env,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_RUNTIME_DIR: join(dir, 'runtime'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    AUDIENCE_SYNC_KEYRING: 'private',
    KEYRING_PASSWORD: process.env.KEYRING_PASSWORD ?? 'test',
  };
  const script = 'eval "$(printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"; '
    + 'export GNOME_KEYRING_CONTROL; unset KEYRING_PASSWORD; exec "$@"';
  child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'sh', command, ...args], { stdio: 'inherit', env });
} else {
  child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
}

const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
