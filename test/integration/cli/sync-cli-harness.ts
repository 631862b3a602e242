/**
 * The BUILT `klaviyo-sync` (bin/klaviyo-sync.js → dist-electron/cli.js, as `npm install` leaves it)
 * run as a child process against an emulator started by the test, with a data folder of its own.
 *
 * Other test files build too (scripts/build-electron.mjs empties dist-electron/ first), and vitest
 * runs files side by side: so each file runs its own snapshot of the build — bin/ and dist-electron/
 * copied together under node_modules/.cache/, where the bundle still finds the packages it imports.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../klaviyo-emulator/index';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = ['cli.js', 'workers/prepare.worker.js', 'workers/stage.worker.js', 'workers/retention.worker.js'];
let bin = join(ROOT, 'bin', 'klaviyo-sync.js');
let snapshotDir: string | null = null;

const complete = (dir: string) => BUILT.every((file) => existsSync(join(dir, file)) && statSync(join(dir, file)).size > 0);

/** Removes this file's snapshot of the build (call from afterAll). */
export function removeBuild(): void {
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  snapshotDir = null;
}

/**
 * Builds with the project's build script and keeps a snapshot of the result for this test file;
 * returns the snapshot's bin/klaviyo-sync.js.
 */
export function buildCli(): string {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT, encoding: 'utf8' });
    const snapshot = join(ROOT, 'node_modules', '.cache', 'audience-sync-cli-tests', `${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
      cpSync(join(ROOT, 'dist-electron'), join(snapshot, 'dist-electron'), { recursive: true });
      cpSync(join(ROOT, 'bin'), join(snapshot, 'bin'), { recursive: true });
      if (!complete(join(snapshot, 'dist-electron'))) throw new Error('another build emptied dist-electron/ while it was copied');
      bin = join(snapshot, 'bin', 'klaviyo-sync.js');
      snapshotDir = snapshot;
      return bin;
    } catch (error) {
      rmSync(snapshot, { recursive: true, force: true });
      if (attempt === 3) throw error;
    }
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliWorld {
  emulator: Emulator;
  home: string;
  key: string;
  env: NodeJS.ProcessEnv;
  /** Runs the command to its end. */
  run(args: readonly string[], options?: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult>;
  /** Starts the command and hands back the child (for signals), with its output so far. */
  start(args: readonly string[], options?: { env?: NodeJS.ProcessEnv }): { child: ChildProcess; output: { stdout: string; stderr: string }; done: Promise<CliResult> };
  csv(name: string, lines: readonly string[]): string;
  /** A list of the emulator's first account, by name. */
  list(name: string): { id: string; emails: string[] };
}

export async function createCliWorld(options: { emulator?: EmulatorOptions; keyInEnv?: boolean } = {}): Promise<CliWorld> {
  const key = `pk_test_${randomBytes(12).toString('hex')}`;
  // Real time (the command line's client assumes Klaviyo's own windows); the files are small.
  const emulator = await startEmulator({ apiKeys: [{ key, account: { id: 'ACC1', name: 'Test Shop' } }], ...options.emulator });
  const home = mkdtempSync(join(tmpdir(), 'audience-sync-cli-'));
  onTestFinished(async () => {
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUDIENCE_SYNC_HOME: home,
    KLAVIYO_BASE_URL: emulator.url,
    KLAVIYO_API_KEY: options.keyInEnv === false ? undefined : key,
    TZ: 'UTC',
    NO_COLOR: '1',
  };
  if (options.keyInEnv === false) delete env.KLAVIYO_API_KEY;

  const start: CliWorld['start'] = (args, extra = {}) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: { ...env, ...extra.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output.stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output.stderr += chunk;
    });
    const done = new Promise<CliResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, ...output }));
    });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    return { child, output, done };
  };

  return {
    emulator, home, key, env, start,
    async run(args, extra = {}) {
      const { child, done } = start(args, extra.env ? { env: extra.env } : {});
      child.stdin?.end(extra.stdin ?? '');
      const timer = setTimeout(() => child.kill('SIGKILL'), extra.timeoutMs ?? 60_000);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    },
    csv(name, lines) {
      const path = join(home, name);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
    list(name) {
      const list = emulator.control.state({ members: true }).accounts[0]?.lists.find((l) => l.name === name);
      if (!list) throw new Error(`no list "${name}" in the emulator`);
      return { id: list.id, emails: list.members.map((m) => m.email ?? '').sort() };
    },
  };
}

/** Waits until `check` holds, failing after `ms` with what was seen. */
export async function until(check: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}
