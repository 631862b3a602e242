#!/usr/bin/env node
// The `klaviyo-sync` command: runs the bundled command line built by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist-electron/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('klaviyo-sync is not built yet: run `npm install` (or `npm run build`) in the project folder.');
  process.exit(70);
}
await import(cli.href);
