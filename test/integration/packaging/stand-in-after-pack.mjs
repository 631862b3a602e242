// The packaging test's afterPack hook: the real placement (build/after-pack.mjs) with a stand-in for the
// Electron build of better-sqlite3, which needs Electron's headers from the internet. It records the
// request so the test can check what electron-builder asked for.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeElectronSqlite } from '../../../build/after-pack.mjs';

export async function afterPack(context) {
  await placeElectronSqlite(context, async (request) => {
    const fake = join(context.outDir, 'stand-in-better_sqlite3.node');
    writeFileSync(fake, 'stand-in for the Electron build of better-sqlite3');
    writeFileSync(join(context.outDir, 'native-request.json'), JSON.stringify(request));
    return fake;
  });
}

export default afterPack;
