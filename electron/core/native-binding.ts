/**
 * Where the Electron-ABI build of better-sqlite3 lives. Tests and the CLI run under Node and load the
 * module's own build; the app passes this path as better-sqlite3's `nativeBinding` (ARCHITECTURE.md,
 * "Native modules"). scripts/start.mjs and build/native-electron.mjs put the file there.
 */
import { join } from 'node:path';

export const SQLITE_ADDON = 'better_sqlite3.node';

/** `.native/electron-45.5.0-linux-x64`: one folder per Electron version and target, so upgrades never mix ABIs. */
export function nativeFolderName(electronVersion: string, platform: string, arch: string): string {
  return `electron-${electronVersion}-${platform}-${arch}`;
}

export function electronSqliteBinding(facts: {
  electronVersion: string;
  platform: string;
  arch: string;
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** The project folder (app.getAppPath() when unpackaged). */
  appPath: string;
}): string {
  if (facts.isPackaged) return join(facts.resourcesPath, 'native', SQLITE_ADDON);
  return join(facts.appPath, '.native', nativeFolderName(facts.electronVersion, facts.platform, facts.arch), SQLITE_ADDON);
}
