/**
 * Finds the Electron binary and the Electron build of better-sqlite3 without `require('electron')`,
 * which would try to download the binary (and fail or hang without internet).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSqliteBinding } from '../../../electron/core/native-binding';

export const PROJECT_DIR = fileURLToPath(new URL('../../../', import.meta.url));

export type ElectronAvailability = { ok: true; binary: string } | { ok: false; reason: string };

export function findElectron(root = PROJECT_DIR): ElectronAvailability {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, reason: 'The Electron binary is absent (node_modules/electron/path.txt is missing): it is downloaded by the first `npm start`, which needs internet once.' };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(dir, 'dist', relative);
  if (!existsSync(binary)) return { ok: false, reason: `The Electron binary is absent (${binary} does not exist): run \`npm start\` once with internet.` };
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const sqlite = electronSqliteBinding({
    electronVersion: version, platform: process.platform, arch: process.arch, isPackaged: false, resourcesPath: '', appPath: root,
  });
  if (!existsSync(sqlite)) return { ok: false, reason: `better-sqlite3 has no Electron build yet (${sqlite}): run \`npm start\` once with internet.` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'No display for Electron: run the end-to-end tests under `xvfb-run -a`.' };
  }
  return { ok: true, binary };
}
