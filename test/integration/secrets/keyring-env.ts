/**
 * Environments for keychain tests that must break the keychain on purpose. Each one runs in its own
 * subprocess and, where it needs a bus, its own D-Bus session, so the shared test keyring (from
 * scripts/with-keyring.mjs) is never locked or disturbed. Every XDG folder and HOME point into a temp
 * folder: nothing touches the user's own keyring.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHILD = fileURLToPath(new URL('./fixtures/keychain-child.ts', import.meta.url));
// The child loads tsx from the project's node_modules.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** process.env without any way to reach a D-Bus session or a display. */
export function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'GNOME_KEYRING_CONTROL', 'AUDIENCE_SYNC_KEYRING']) delete env[name];
  for (const sub of ['home', 'data', 'runtime', 'cache', 'config']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  return {
    ...env,
    HOME: join(dir, 'home'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_RUNTIME_DIR: join(dir, 'runtime'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
}

/** A session bus config with no service folders: D-Bus works, but nothing provides org.freedesktop.secrets. */
export function busWithoutSecretService(dir: string): string {
  const path = join(dir, 'bare-session.conf');
  writeFileSync(path, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`);
  return path;
}

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The JSON report the child printed as its last stdout line. */
export function reportOf(result: ChildResult): Record<string, { ok: boolean; value?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } }> & Record<string, unknown> {
  const line = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !line) throw new Error(`keychain child failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(line) as ReturnType<typeof reportOf>;
}
