/**
 * `npm run demo` as a reader runs it: the real script (scripts/demo.ts under tsx) driving the BUILT
 * command line against the emulator it starts in its own process, in the private keyring vitest runs in.
 * What it prints is held against demo-data's expectedMirror(), which is derived from how the data is
 * built, so a change to the data, the planner or the demo's wording that makes them disagree fails here.
 *
 * The demo builds the command line itself unless AUDIENCE_SYNC_DEMO_CLI names one. Other test files
 * build too (scripts/build-electron.mjs empties dist-electron/ first) while this one runs, so the demo
 * is given this file's own snapshot of the build (sync-cli-harness.ts).
 *
 * Electron: the demo never starts it, it only says whether `npm start` could; the test runs the same
 * with or without the binary (absent on CI and in containers) and checks the sentence for each case.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectron } from '../../e2e/support/electron-binary';
import { DEMO_API_KEY, NEWSLETTER, demoPerson, expectedMirror } from '../../fixtures/demo/demo-data';
import { formatCount, formatPercent } from '../../../electron/cli/text-table';
import { DEFAULT_KEYCHAIN_SERVICE } from '../../../electron/core/secrets/keytar-secret-store';
import { assertPrivateKeyring } from '../secrets/keyring-guard';
import { ROOT, buildCli, removeBuild } from './sync-cli-harness';

const SECTIONS = [
  'Build the command line', 'Save the API key', 'Look at the lists', 'Plan a mirror sync (a dry run)', 'Run it',
  'The history, offline', 'Why were lines rejected?', 'What happened to one person?', 'The desktop app',
];

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let demo: DemoRun;

function runDemo(cli: string): Promise<DemoRun> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  return new Promise((resolve, reject) => {
    // Piped output is not a terminal, so the demo prints no colours; KLAVIYO_API_KEY must not leak in from the caller.
    const env: NodeJS.ProcessEnv = { ...process.env, AUDIENCE_SYNC_DEMO_CLI: cli, NO_COLOR: '1' };
    delete env.KLAVIYO_API_KEY;
    const child = spawn(process.execPath, [tsx, join(ROOT, 'scripts', 'demo.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // A hung demo fails with what it printed so far instead of the hook's bare timeout.
    const timer = setTimeout(() => child.kill('SIGKILL'), 75_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The demo's sections by title, each with what it printed up to the next heading. */
function sections(output: string): Map<string, string> {
  const found = new Map<string, string>();
  const headings = [...output.matchAll(/^\d+\. (.+)\n─+$/gm)];
  headings.forEach((heading, i) => {
    const end = headings[i + 1]?.index ?? output.length;
    found.set(heading[1]!, output.slice(heading.index + heading[0].length, end));
  });
  return found;
}

function section(title: string): string {
  const text = sections(demo.stdout).get(title);
  if (text === undefined) throw new Error(`the demo printed no section "${title}":\n${demo.stdout}`);
  return text;
}

/** The plan table's count on the row that starts with `label`, once per table printed. */
function planCounts(text: string, label: string): number[] {
  return [...text.matchAll(new RegExp(`^${label}\\s+([\\d,]+)`, 'gm'))].map((m) => Number(m[1]!.replace(/,/g, '')));
}

const expected = expectedMirror();

beforeAll(async () => {
  assertPrivateKeyring();
  demo = await runDemo(buildCli());
}, 120_000);
afterAll(removeBuild);

describe('npm run demo', () => {
  it('runs every section to the end and exits 0', () => {
    expect(demo.code, `stdout:\n${demo.stdout}\nstderr:\n${demo.stderr}`).toBe(0);
    expect([...sections(demo.stdout).keys()]).toEqual(SECTIONS);
    expect(demo.stdout).toMatch(/Done\. The emulator has stopped, the demo's key is out of the keychain and the demo's data folder is removed\.\n$/);
  });

  it('drives the command line it was given instead of building over other runs', () => {
    expect(section('Build the command line')).toContain('Using the command line already built at ');
    expect(section('Build the command line')).not.toMatch(/built \d+ bundle/);
  });

  it('seeds the list as last week\'s mirror left it', () => {
    expect(demo.stdout).toContain(`a "${NEWSLETTER}" list of ${formatCount(expected.listBefore)} members (as last week's mirror left it)`);
  });

  it('saves the credential and only ever shows its mask', () => {
    const text = section('Save the API key');
    expect(text).toMatch(new RegExp(`Saved "Demo Store": account Demo Store \\(\\w+\\), key pk_…${DEMO_API_KEY.slice(-4)}, kept in the system keychain\\.`));
    expect(text).toMatch(/^Demo Store\s+Demo Store \(\w+\)\s+pk_…\w{4}\s/m);
    expect(demo.stdout + demo.stderr).not.toContain(DEMO_API_KEY);
    expect(demo.stdout + demo.stderr).not.toContain(DEMO_API_KEY.slice(8));
  });

  it('plans a typical weekly mirror: the counts derived from the data, no mass-removal confirmation', () => {
    const text = section('Plan a mirror sync (a dry run)');
    expect(planCounts(text, 'add to the list')).toEqual([expected.add]);
    expect(planCounts(text, 'update')).toEqual([expected.update]);
    expect(planCounts(text, 'remove from the list')).toEqual([expected.remove]);
    expect(planCounts(text, 'already there, unchanged')).toEqual([expected.unchanged]);
    expect(planCounts(text, 'rejected lines')).toEqual([expected.rejected]);
    expect(planCounts(text, 'duplicate lines \\(merged\\)')).toEqual([expected.duplicates]);
    const share = expected.remove / expected.listBefore;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
    expect(text).toMatch(new RegExp(`^remove from the list\\s+${expected.remove}\\s+${formatPercent(share)} of the list;`, 'm'));
    expect(text).not.toContain('needs an explicit confirmation');
    // The demo's own explanation announces the same numbers the plan prints.
    expect(text).toContain(`A typical week: ${formatCount(expected.add)} new customers to add, ${formatCount(expected.update)} members who gave a phone number to update, `
      + `${formatCount(expected.remove)} members no longer in the export (${formatPercent(share)}) to remove.`);
    expect(text).toContain('Nothing was sent to Klaviyo.');
  });

  it('runs the sync to completion with the planned counts', () => {
    const text = section('Run it');
    expect(planCounts(text, 'add to the list')).toEqual([expected.add]);
    expect(text).not.toContain('needs an explicit confirmation');
    expect(text).toMatch(new RegExp(`Done in [^:]+: "${NEWSLETTER}" got ${formatCount(expected.add)} added, ${formatCount(expected.update)} updated, `
      + `${formatCount(expected.remove)} removed; ${formatCount(expected.unchanged)} unchanged, ${formatCount(expected.rejected)} rejected, `
      + `${formatCount(expected.duplicates)} duplicates\\.`));
    expect(demo.stdout).toContain(`"${NEWSLETTER}" now has ${formatCount(expected.listAfter)} members: exactly the valid people of the file.`);
  });

  it('shows the completed run in the history', () => {
    const changes = `+${formatCount(expected.add)} ~${formatCount(expected.update)} -${formatCount(expected.remove)} ${formatCount(expected.rejected)} rejected`;
    expect(section('The history, offline')).toMatch(new RegExp(`^\\w{8}\\s+\\S+ \\S+\\s+completed\\s+${NEWSLETTER}\\s+customers\\.csv\\s+mirror\\s+${changes.replace(/[+~]/g, '\\$&')}\\s`, 'm'));
  });

  it('lists every rejected line with its reason', () => {
    const text = section('Why were lines rejected?');
    const rows = text.split('\n').filter((line) => /^\s*\d+\s+rejected\s/.test(line));
    expect(rows).toHaveLength(expected.rejected);
    expect(text).toContain(`1–${expected.rejected} of ${expected.rejected} rejected lines.`);
    expect(text).toContain('email "sam.jones@" has nothing after the @');
  });

  it('finds one person: updated, and merged as a duplicate line', () => {
    const text = section('What happened to one person?');
    expect(text).toContain(`2 events for email "${demoPerson()}", newest first:`);
    expect(text).toMatch(new RegExp(`\\s${NEWSLETTER}\\s+updated\\s+\\d+\\s*\\n`));
    expect(text).toMatch(/\sduplicate\s+\d+\s+same person as line \d+/);
  });

  it('says whether the desktop app could open here, without starting Electron', () => {
    const electron = findElectron(ROOT);
    const text = section('The desktop app');
    if (electron.ok) {
      expect(text).toContain(`Electron is installed (${electron.binary}).`);
    } else {
      // The case on this machine and in CI: no Electron binary, and the demo still ends with 0.
      expect(text).toContain(`The app can't be opened here. ${electron.reason}`);
    }
  });

  it('removes what it made: its data folder and its key in the keychain', async () => {
    const folder = /^Data folder \(history, settings\): (.+)$/m.exec(demo.stdout)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder!)).toBe(false);
    const keytar = createRequire(import.meta.url)('keytar') as { findCredentials(service: string): Promise<Array<{ account: string; password: string }>> };
    const items = await keytar.findCredentials(DEFAULT_KEYCHAIN_SERVICE);
    expect(items.filter((item) => item.password === DEMO_API_KEY)).toEqual([]);
  });
});
