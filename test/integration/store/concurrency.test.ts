import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { testMigrations } from './fixtures/test-migrations';

const CHILD = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audience-sync-store-it-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function startChild(mode: string, dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

/** Resolves when the child prints `line`; rejects with its stderr if it exits first. */
function waitFor(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.split('\n').includes(line)) resolve();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before "${line}":\n${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('the history file shared by several processes (the app and the command line)', () => {
  it('runs each migration exactly once when processes open a new file at the same time', async () => {
    const dataDir = tempDir();
    const children = [0, 1, 2].map(() => startChild('migrate', dataDir));
    await Promise.all(children.map((child) => waitFor(child, 'done')));
    expect(await Promise.all(children.map(exited))).toEqual([0, 0, 0]);

    const store = openDatabase({ dataDir, migrations: testMigrations });
    expect(store.schemaVersion()).toBe(2);
    const runs = store.all<{ version: number; n: number }>(sql`SELECT version, count(*) AS n FROM migration_runs GROUP BY version ORDER BY version`);
    expect(runs).toEqual([{ version: 1, n: 1 }, { version: 2, n: 1 }]);
    expect(store.get<{ n: number }>(sql`SELECT count(DISTINCT pid) AS n FROM visits`)?.n).toBe(3);
    store.close();
  });

  it('keeps a committed transaction after the writer is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const child = startChild('commit-and-hang', dataDir);
    await waitFor(child, 'committed');
    child.kill('SIGKILL');
    await exited(child);

    const store = openDatabase({ dataDir, migrations: testMigrations });
    expect(store.get<{ integrity_check: string }>(sql`PRAGMA integrity_check`)?.integrity_check).toBe('ok');
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM visits WHERE note LIKE ${'committed %'}`)?.n).toBe(100);
    store.close();
  });

  it('drops a transaction cut short by SIGKILL entirely, leaving a healthy file', async () => {
    const dataDir = tempDir();
    const committed = startChild('commit-and-hang', dataDir);
    await waitFor(committed, 'committed');
    committed.kill('SIGKILL');
    await exited(committed);

    const child = startChild('write-and-hang', dataDir);
    await waitFor(child, 'inside');
    child.kill('SIGKILL');
    await exited(child);

    const store = openDatabase({ dataDir, migrations: testMigrations });
    expect(store.get<{ integrity_check: string }>(sql`PRAGMA integrity_check`)?.integrity_check).toBe('ok');
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM visits WHERE note LIKE ${'uncommitted %'}`)?.n).toBe(0);
    expect(store.get<{ n: number }>(sql`SELECT count(*) AS n FROM visits`)?.n).toBe(100);
    // And the file takes new writes straight away (no lock left behind by the dead process).
    store.run(sql`INSERT INTO visits (pid, note) VALUES (${process.pid}, ${'after'})`);
    store.close();
  });
});
