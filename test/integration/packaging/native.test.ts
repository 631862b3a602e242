/**
 * The Electron-ABI build of better-sqlite3 (build/native-electron.mjs): how it is told apart from the
 * Node build, where it goes, and how it fails without internet. The real build needs Electron's headers
 * from the internet, so it is exercised by `npm start` / `npm run dist`, not here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonAbi, electronPackage, ensureElectronSqlite, nativeDir } from '../../../build/native-electron.mjs';
import { electronSqliteBinding } from '../../../electron/core/native-binding';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the Electron build of better-sqlite3', () => {
  it('tells the Node build in node_modules by its ABI, which the tests keep using', () => {
    const nodeBuild = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(addonAbi(nodeBuild)).toBe(process.versions.modules);
    const { abi } = electronPackage(root);
    expect(abi).toMatch(/^\d+$/);
    expect(abi).not.toBe(process.versions.modules);
  });

  it('lives where main.ts looks for it when the app runs unpackaged', () => {
    const { version } = electronPackage(root);
    const expected = electronSqliteBinding({
      electronVersion: version, platform: process.platform, arch: process.arch, isPackaged: false, resourcesPath: '', appPath: root,
    });
    expect(join(nativeDir(root, version, process.platform, process.arch), 'better_sqlite3.node')).toBe(expected);
  });

  it('fails fast with the step and the need for internet when the headers cannot be fetched', async () => {
    const project = mkdtempSync(join(tmpdir(), 'audience-sync-native-'));
    dirs.push(project);
    writeFileSync(join(project, 'package.json'), readFileSync(join(root, 'package.json')));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    const { version } = electronPackage(root);
    const port = await closedPort();
    const lines: string[] = [];
    const error = await ensureElectronSqlite({
      projectDir: project, electronVersion: version, headersUrl: `http://127.0.0.1:${port}`, log: (line) => lines.push(line),
      // A header cache of its own: headers cached by an earlier `npm start` must not let this build.
      devDir: join(project, 'gyp-cache'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Building better-sqlite3 for Electron failed/);
    expect((error as Error).message).toMatch(/needs internet once/);
    const dir = nativeDir(project, version, process.platform, process.arch);
    expect(existsSync(join(dir, 'better_sqlite3.node'))).toBe(false);
    expect(existsSync(join(dir, 'build-src')), 'the copied sources are cleaned up').toBe(false);
    // node_modules' own build is untouched.
    expect(addonAbi(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(process.versions.modules);
  });

  it('refuses to cross-build for another operating system', async () => {
    const { version } = electronPackage(root);
    const other = process.platform === 'win32' ? 'darwin' : 'win32';
    const project = mkdtempSync(join(tmpdir(), 'audience-sync-native-'));
    dirs.push(project);
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    await expect(ensureElectronSqlite({ projectDir: project, electronVersion: version, platform: other, arch: 'x64' }))
      .rejects.toThrow(/cannot be built for/);
  });
});
