import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHILD, busWithoutSecretService, isolatedEnv, reportOf, run } from './keyring-env';
import { tempDir } from './temp-dir';

const node = (args: string[]) => [process.execPath, '--import', 'tsx', CHILD, ...args];
const service = () => `Audience Sync test ${randomUUID()}`;

// These break the keychain on purpose, each in its own process (and its own D-Bus session where one is
// needed), so the shared test keyring is never locked under the other tests' feet.
describe.runIf(process.platform === 'linux')('when no keychain is usable (Linux, real processes)', () => {
  it('says so, with the fix, when there is no D-Bus session at all', async () => {
    const dir = tempDir();
    const [cmd, ...args] = node(['probe', service(), join(dir, 'app')]);
    const report = reportOf(await run(cmd!, args, isolatedEnv(dir)));
    for (const step of ['probe', 'get', 'set'] as const) {
      expect(report[step]?.ok).toBe(false);
      expect(report[step]?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    }
    const message = report.probe?.error?.message ?? '';
    expect(message).toMatch(/D-Bus/);
    expect(message).toMatch(/Install and unlock GNOME Keyring or KWallet/);
  });

  it('says so when D-Bus runs but nothing provides the Secret Service', async () => {
    const dir = tempDir();
    const config = busWithoutSecretService(dir);
    const report = reportOf(await run('dbus-run-session', [`--config-file=${config}`, '--', ...node(['probe', service(), join(dir, 'app')])],
      isolatedEnv(dir)));
    expect(report.probe?.ok).toBe(false);
    expect(report.probe?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(report.probe?.error?.details?.reason).toMatch(/org\.freedesktop\.secrets/);
    expect(report.set?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
  });

  it('detects a locked keyring, where reads quietly return nothing, and saves no credential', async () => {
    const dir = tempDir();
    const script = 'eval "$(printf %s test | gnome-keyring-daemon --unlock --components=secrets)"; export GNOME_KEYRING_CONTROL; exec "$@"';
    const result = await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...node(['locked', service(), join(dir, 'app')])],
      isolatedEnv(dir));
    const report = reportOf(result);
    expect(report.before).toEqual({ ok: true, value: 'pk_lockedkeyringtest_0123456789' });
    expect(report.locked).toBe(true);
    // keytar's own behaviour on a locked collection: no error, just null.
    expect(report.get).toEqual({ ok: true, value: null });
    expect(report.probe?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(report.set?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(report.add?.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(report.rows).toBe(0);
    // The key shows up only where the child printed it on purpose (report.before), never in an error or on stderr.
    expect(JSON.stringify([report.probe, report.set, report.add]) + result.stderr).not.toContain('lockedkeyringtest');
  });
});
