/** Runs the sync child process until it kills itself at a crash point (or finishes). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncOptions } from '../../../electron/core/sync/index';
import type { PlanRequest } from '../../../shared/sync';
import { TIME_SCALE, type SyncWorld } from './harness';

const CHILD = fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url));

export interface ChildResult {
  signal: NodeJS.Signals | null;
  code: number | null;
  runId: string | null;
  output: string;
}

export function runChild(world: SyncWorld, request: PlanRequest, options: SyncOptions, crashAt: string | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        SYNC_CHILD_DATA_DIR: world.dir,
        SYNC_CHILD_BASE_URL: world.emulator.url,
        SYNC_CHILD_TIME_SCALE: String(TIME_SCALE),
        SYNC_CHILD_REQUEST: JSON.stringify(request),
        SYNC_CHILD_OPTIONS: JSON.stringify(options),
        KLAVIYO_API_KEY: world.key,
        AUDIENCE_SYNC_TEST_CRASH_AT: crashAt ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const planned = /planned (\S+)/.exec(output);
      resolve({ code, signal, runId: planned?.[1] ?? null, output });
    });
  });
}
