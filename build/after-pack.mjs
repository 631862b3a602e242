// electron-builder's afterPack hook (build/electron-builder.yml): puts an Electron-ABI better-sqlite3
// into resources/native/, where electron/core/native-binding.ts looks in the packaged app. It runs
// after the app files are copied and before signing. electron-builder's own in-place rebuild of
// node_modules is off (npmRebuild: false): it would overwrite the Node build that the tests and the
// CLI load, and skipping it through beforeBuild would also skip collecting production node_modules.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureElectronSqlite, SQLITE_ADDON } from './native-electron.mjs';

/** builder-util's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Builds (or reuses) the addon for the packed platform and copies it into the app's resources. */
export async function placeElectronSqlite(context, ensure = ensureElectronSqlite) {
  const { packager } = context;
  const electronVersion = packager.info.framework?.version ?? packager.config.electronVersion;
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch);
  const built = await ensure({ projectDir: packager.info.projectDir, electronVersion, platform, arch });
  const target = join(packager.getResourcesDir(context.appOutDir), 'native');
  mkdirSync(target, { recursive: true });
  copyFileSync(built, join(target, SQLITE_ADDON));
  return join(target, SQLITE_ADDON);
}

export async function afterPack(context) {
  await placeElectronSqlite(context);
}

export default afterPack;
