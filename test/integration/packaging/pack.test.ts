/**
 * Packs the app the way `npm run dist` does (build/electron-builder.yml), as a Linux `dir` target with
 * a stand-in Electron (the real one cannot be downloaded here), and checks what goes into the archive.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { electronSqliteBinding } from '../../../electron/core/native-binding';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let work = '';
let resources = '';
let asarPath = '';
let files: string[] = [];

beforeAll(() => {
  for (const built of ['dist-electron/main.js', 'dist-electron/preload.cjs', 'dist-renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` before the packaging test.`);
  }
  work = mkdtempSync(join(tmpdir(), 'audience-sync-pack-'));
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const result = spawnSync(process.execPath, [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--linux', 'dir', '--config', 'build/electron-builder.yml',
    `-c.electronDist=${electronDist}`,
    `-c.directories.output=${join(work, 'release')}`,
    // The real hook builds better-sqlite3 for Electron, which needs Electron's headers (internet): the
    // stand-in runs the same placement with a stand-in addon.
    '-c.afterPack=./test/integration/packaging/stand-in-after-pack.mjs',
  ], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) throw new Error(`electron-builder failed:\n${result.stdout}\n${result.stderr}`);
  resources = join(work, 'release', 'linux-unpacked', 'resources');
  asarPath = join(resources, 'app.asar');
  files = listPackage(asarPath, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const ownFiles = () => files.filter((f) => !f.startsWith('/node_modules/'));

describe('the packaged app archive', () => {
  it('holds the main bundle, the preload and the built renderer', () => {
    for (const path of ['/package.json', '/dist-electron/main.js', '/dist-electron/preload.cjs', '/dist-renderer/index.html']) {
      expect(files).toContain(path);
    }
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    expect(files).toContain(`/${pkg.main}`);
  });

  it('ships no TypeScript sources, tests or fixtures', () => {
    expect(files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\/(test|tests|__tests__|fixtures)(\/|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(csv|tsv)$/i.test(f))).toEqual([]);
    expect(ownFiles().filter((f) => /^\/(electron|renderer|shared|scripts|build|test)(\/|$)/.test(f))).toEqual([]);
  });

  it('ships no source map that carries the sources', () => {
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      const parsed = JSON.parse(extractFile(asarPath, map.slice(1)).toString('utf8')) as { sourcesContent?: unknown[] };
      expect(parsed.sourcesContent ?? [], map).toEqual([]);
    }
  });

  it('has no development-only packages in its node_modules', () => {
    const packages = new Set(files.map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'vite', 'react', '@playwright/test', 'esbuild', 'tsx']) {
      expect(packages.has(dev), dev).toBe(false);
    }
    for (const runtime of ['better-sqlite3', 'keytar', 'zod', 'papaparse', 'libphonenumber-js', 'commander']) {
      expect(packages.has(runtime), runtime).toBe(true);
    }
  });

  it('unpacks the native modules next to the archive', () => {
    for (const addon of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/keytar/build/Release/keytar.node']) {
      expect(files).toContain(`/${addon}`);
      expect((statFile(asarPath, addon) as { unpacked?: boolean }).unpacked, addon).toBe(true);
      expect(existsSync(join(resources, 'app.asar.unpacked', addon)), addon).toBe(true);
    }
    expect(files.filter((f) => f.endsWith('.node'))).toHaveLength(2);
  });

  it('ships the Electron build of better-sqlite3 where the packaged app looks for it', () => {
    const request = JSON.parse(readFileSync(join(work, 'release', 'native-request.json'), 'utf8')) as Record<string, string>;
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(request).toMatchObject({ electronVersion: version, platform: 'linux', arch: process.arch });
    expect(realpathSync(request.projectDir ?? '')).toBe(realpathSync(root));
    const shipped = electronSqliteBinding({
      electronVersion: version, platform: 'linux', arch: process.arch, isPackaged: true, resourcesPath: resources, appPath: '',
    });
    expect(readFileSync(shipped, 'utf8')).toContain('stand-in');
  });

  it('leaves native build leftovers (sources, object files) out', () => {
    expect(files.filter((f) => /\/(deps|src|obj\.target)\//.test(f) && f.includes('/node_modules/better-sqlite3/'))).toEqual([]);
    expect(files.filter((f) => /\.(o|a|c|cc|h|gyp|gypi)$/.test(f))).toEqual([]);
  });

  it('contains nothing that looks like a Klaviyo private key', () => {
    for (const file of ownFiles().filter((f) => /\.(js|cjs|mjs|html|json)$/.test(f))) {
      const text = extractFile(asarPath, file.slice(1)).toString('utf8');
      expect(text.match(/pk_[A-Za-z0-9]{20,}/g) ?? [], file).toEqual([]);
    }
  });
});
