/**
 * `npm run demo`: the product working end to end without a Klaviyo account. A local Klaviyo emulator
 * (in this process) with a seeded account, a messy sample CSV (test/fixtures/demo/customers.csv), a
 * throwaway data folder, and the BUILT command line driven step by step: save a credential (key on
 * stdin), plan a mirror sync, run it with its progress, then read the history offline. The seeded list
 * is what last week's mirror left, so the sync is a typical week's (see expectedMirror in demo-data).
 * package.json runs it inside scripts/with-keyring.mjs, so the key goes to a private keyring.
 *
 * AUDIENCE_SYNC_DEMO_CLI=<path to a built bin/klaviyo-sync.js> skips the build and drives that one:
 * the demo's test runs a snapshot of the build, which other test files' builds can't empty mid-run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../test/klaviyo-emulator/index';
import { findElectron } from '../test/e2e/support/electron-binary';
import { CUSTOMERS_CSV, DEMO_API_KEY, NEWSLETTER, SEGMENTS, demoPerson, expectedMirror, newsletterMembers } from '../test/fixtures/demo/demo-data';
import { formatCount, formatPercent } from '../electron/cli/text-table';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PREBUILT = process.env.AUDIENCE_SYNC_DEMO_CLI;
const BIN = PREBUILT ?? join(ROOT, 'bin', 'klaviyo-sync.js');
const CREDENTIAL = 'Demo Store';
const tty = process.stdout.isTTY === true;
const bold = (text: string) => (tty ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string) => (tty ? `\u001b[2m${text}\u001b[22m` : text);

let sectionNumber = 0;
function section(title: string, explanation: string): void {
  sectionNumber += 1;
  const heading = `${sectionNumber}. ${title}`;
  console.log(`\n${bold(heading)}\n${bold('─'.repeat(heading.length))}`);
  console.log(dim(explanation));
}

interface Step {
  args: string[];
  stdin?: string;
  /** Capture stdout instead of showing it (for values the next steps need). */
  capture?: boolean;
  /** Exit codes that are part of the story (anything else stops the demo). */
  okCodes?: number[];
}

function cli(env: NodeJS.ProcessEnv, step: Step): Promise<{ code: number; stdout: string }> {
  if (!step.capture) console.log(`\n${dim('$')} klaviyo-sync ${step.args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}${step.stdin !== undefined ? dim('   (key typed on stdin)') : ''}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...step.args], {
      cwd: ROOT, env, stdio: [step.stdin !== undefined ? 'pipe' : 'ignore', step.capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    if (step.stdin !== undefined) child.stdin?.end(`${step.stdin}\n`);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exit = code ?? (signal ? 128 : 1);
      if (![0, ...(step.okCodes ?? [])].includes(exit)) {
        reject(new Error(`klaviyo-sync ${step.args[0]} exited with ${exit}${signal ? ` (${signal})` : ''}`));
      } else {
        resolve({ code: exit, stdout });
      }
    });
  });
}

async function main(): Promise<void> {
  console.log(bold('Audience Sync for Klaviyo: demo'));
  console.log(dim('Everything below runs against a local Klaviyo emulator: no account, no internet, nothing leaves this machine.'));

  section('Build the command line', 'The demo drives the same `klaviyo-sync` command you would use.');
  if (PREBUILT !== undefined) {
    if (!existsSync(PREBUILT)) throw new Error(`AUDIENCE_SYNC_DEMO_CLI names no file: ${PREBUILT}`);
    console.log(`Using the command line already built at ${PREBUILT}.`);
  } else {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0 || !existsSync(BIN)) throw new Error('the build failed (see above)');
  }
  const expected = expectedMirror();
  const removeShare = formatPercent(expected.remove / expected.listBefore);

  const emulator = await startEmulator({ apiKeys: [{ key: DEMO_API_KEY, account: { name: 'Demo Store' } }] });
  const home = mkdtempSync(join(tmpdir(), 'audience-sync-demo-'));
  // Routine retries (a 429 from the emulator's tight accounts window) are log lines, not part of the story.
  const env: NodeJS.ProcessEnv = { ...process.env, AUDIENCE_SYNC_HOME: home, KLAVIYO_BASE_URL: emulator.url, AUDIENCE_SYNC_LOG: 'error' };
  delete env.KLAVIYO_API_KEY;
  let keySaved = false;
  let keyLeft = false;
  try {
    const seeded = emulator.control.seed({
      account: DEMO_API_KEY,
      lists: [{ name: NEWSLETTER, members: newsletterMembers(), opt_in_process: 'single_opt_in' }, { name: 'Store events', members: 250 }],
      segments: SEGMENTS,
    });
    const listSize = seeded.lists.find((l) => l.name === NEWSLETTER)?.memberIds.length ?? 0;
    console.log(`\nKlaviyo emulator at ${emulator.url}: account "Demo Store" with a "${NEWSLETTER}" list of ${formatCount(listSize)} members `
      + `(as last week's mirror left it), another list and ${SEGMENTS.length} segments.`);
    console.log(`Data folder (history, settings): ${home}`);

    section('Save the API key', 'The key is read from stdin (never from the command line, where `ps` and your shell history would keep it),\nchecked with Klaviyo, and stored in the OS keychain. Only its mask is ever shown.');
    await cli(env, { args: ['credentials', 'add', CREDENTIAL, '--key-stdin'], stdin: DEMO_API_KEY });
    keySaved = true;
    await cli(env, { args: ['credentials', 'list'] });

    section('Look at the lists', 'The account as Klaviyo sees it.');
    await cli(env, { args: ['lists'] });

    section('Plan a mirror sync (a dry run)', `Mirror: "${NEWSLETTER}" will hold exactly the valid people of this week's export. Nothing is sent yet:\n`
      + 'the plan counts adds, updates, removals and rejected lines, and estimates the time from Klaviyo\'s rate limits.\n'
      + `A typical week: ${formatCount(expected.add)} new customers to add, ${formatCount(expected.update)} members who gave a phone number to update, `
      + `${formatCount(expected.remove)} members no longer in the export (${removeShare}) to remove.`);
    // The file has a Country column: it tells how to read each phone number (UK numbers written 020 …).
    const columns = ['--map', 'Country=PhoneCountry'];
    const csv = relative(ROOT, CUSTOMERS_CSV);
    await cli(env, { args: ['plan', csv, '--list', NEWSLETTER, '--mirror', ...columns] });

    section('Run it', 'Every batch is recorded before it is sent and confirmed after: a crash or Ctrl-C resumes without loss.\n'
      + '`--yes` starts it without asking "Start this sync?" (the demo has no terminal to ask on). '
      + `Removing ${removeShare} of the list needs nothing more:\nonly a mirror that removes more than half of the list asks for the number of people to be typed (or --yes).`);
    await cli(env, { args: ['sync', csv, '--list', NEWSLETTER, '--mirror', ...columns, '--yes'] });

    section('The history, offline', 'Every run and the fate of every line stay on this machine.');
    await cli(env, { args: ['history'] });
    const latest = await cli(env, { args: ['history', '--json', '--limit', '1'], capture: true });
    const runId = readRunId(latest.stdout);

    section('Why were lines rejected?', 'Each rejected line keeps its reason, for the person who fixes the file.');
    await cli(env, { args: ['history', runId, '--rows', 'rejected'] });

    section('What happened to one person?', 'Every run that touched them, newest first: a member who gave a phone number since last week, in the export twice.');
    await cli(env, { args: ['find', demoPerson()] });

    const state = emulator.control.state({ members: false });
    const newsletter = state.accounts.flatMap((a) => a.lists).find((l) => l.name === NEWSLETTER);
    const members = newsletter?.profile_count;
    console.log(`\nThe emulator confirms: "${NEWSLETTER}" now has ${members === undefined ? '?' : formatCount(members)} members`
      + `${members === expected.listAfter ? ': exactly the valid people of the file.' : `, not the ${formatCount(expected.listAfter)} valid people of the file.`}`);

    section('The desktop app', 'The same core runs behind the window.');
    const electron = findElectron(ROOT);
    if (electron.ok) {
      console.log(`Electron is installed (${electron.binary}). Start the app with \`npm start\` and point it at a Klaviyo account.`);
    } else {
      console.log(`The app can't be opened here. ${electron.reason}`);
    }
  } finally {
    // with-keyring gives a private keyring on Linux only: on macOS and Windows the key went to the
    // reader's own keychain, where the demo must leave nothing behind.
    if (keySaved) {
      try {
        await cli(env, { args: ['credentials', 'remove', CREDENTIAL, '--yes'], capture: true });
      } catch (error) {
        keyLeft = true;
        console.error(`The demo's key may still be in the keychain (credential "${CREDENTIAL}"): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`\n${bold('Done.')} The emulator has stopped${keyLeft ? '' : ', the demo\'s key is out of the keychain'} and the demo's data folder is removed.`);
}

function readRunId(stdout: string): string {
  const parsed = JSON.parse(stdout) as { runs?: Array<{ id?: unknown }> };
  const id = parsed.runs?.[0]?.id;
  if (typeof id !== 'string') throw new Error('`history --json` did not name a run');
  return id;
}

main().catch((error: unknown) => {
  console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
