// electron-builder's beforeBuild hook (build/electron-builder.yml). electron-builder would otherwise
// rebuild node_modules in place for Electron — overwriting the Node build the tests and the CLI use.
// Instead: build the Electron-ABI better-sqlite3 into .native/ and stage it for extraResources
// (resources/native/, where electron/core/native-binding.ts looks in the packaged app), then tell
// electron-builder that native modules are handled (resolve to false).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureElectronSqlite, SQLITE_ADDON } from './native-electron.mjs';

export async function beforeBuild({ electronVersion, platform, arch }) {
  const projectDir = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
  const built = await ensureElectronSqlite({ projectDir, electronVersion, platform: platform.nodeName, arch });
  const staging = join(projectDir, '.native', 'package');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(built, join(staging, SQLITE_ADDON));
  return false;
}

export default beforeBuild;
