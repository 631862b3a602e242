/**
 * The sync commands of the BUILT command line against an emulator: output (human and --json), exit
 * codes, and the end state in the emulator. KLAVIYO_API_KEY carries the key here; the credentials
 * commands (which need the keychain) are in credentials-command.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { buildCli, removeBuild, createCliWorld, jsonLines, until } from './sync-cli-harness';

const people = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}@example.com`);

beforeAll(() => {
  buildCli();
}, 120_000);
afterAll(() => removeBuild());

describe('klaviyo-sync lists', () => {
  it('lists the account\'s lists with the lists-and-segments count, as text and as JSON', async () => {
    const world = await createCliWorld();
    world.emulator.control.seed({ lists: [{ name: 'Newsletter', members: 3 }, { name: 'VIP', members: 1 }], segments: 2 });
    const human = await world.run(['lists']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Newsletter/);
    expect(human.stdout).toContain('The account has 2 lists and 2 segments (Klaviyo allows 1,000 in all).');
    const json = await world.run(['lists', '--search', 'vip', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ lists: [{ name: 'VIP' }], listCount: 2, segmentCount: 2, cap: 1000 });
  });

  it('exits 6 with plain words when Klaviyo cannot be reached', async () => {
    const world = await createCliWorld();
    const result = await world.run(['lists'], { env: { KLAVIYO_BASE_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(6);
    expect(result.stderr).not.toContain(world.key);
  });
});

describe('klaviyo-sync plan and sync', () => {
  it('plans without sending anything, then mirrors the file into the list', async () => {
    const world = await createCliWorld();
    const members = people('member', 6);
    world.emulator.control.seed({ lists: [{ name: 'Newsletter', members: members.map((email) => ({ email })) }] });
    const file = world.csv('customers.csv', ['Email,Name', ...members.slice(0, 4).map((e) => `${e},x`), ...people('new', 3).map((e) => `${e},y`), 'broken@,z']);

    const plan = await world.run(['plan', file, '--list', 'Newsletter', '--mirror']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/add to the list\s+3/);
    expect(plan.stdout).toMatch(/remove from the list\s+2\s+33% of the list; /);
    expect(plan.stdout).toMatch(/rejected lines\s+1/);
    expect(plan.stdout).toContain('Nothing was sent to Klaviyo');
    expect(world.list('Newsletter').emails).toEqual([...members].sort());

    const sync = await world.run(['sync', file, '--list', 'Newsletter', '--mirror', '--yes', '--json']);
    expect(sync.code).toBe(0);
    const lines = jsonLines(sync.stdout);
    expect(lines.some((l) => l.type === 'runProgress')).toBe(true);
    const result = lines[lines.length - 1]!;
    expect(result).toMatchObject({ type: 'result', run: { status: 'completed', counts: { added: 3, removed: 2, unchanged: 4, rejected: 1 } } });
    expect(world.list('Newsletter').emails).toEqual([...members.slice(0, 4), ...people('new', 3)].sort());
  });

  it('refuses to start without a terminal or --yes, and guards a mass removal with exit 8', async () => {
    const world = await createCliWorld();
    const members = people('m', 10);
    world.emulator.control.seed({ lists: [{ name: 'Big', members: members.map((email) => ({ email })) }] });
    const small = world.csv('small.csv', ['email', members[0]!, members[1]!]);
    const added = world.csv('added.csv', ['email', 'someone@example.com']);

    const noYes = await world.run(['sync', added, '--list', 'Big']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    const mass = await world.run(['sync', small, '--list', 'Big', '--mirror']);
    expect(mass.code).toBe(8);
    expect(mass.stdout + mass.stderr).toMatch(/remove 8 people, 80% of "Big"/);
    expect(world.list('Big').emails).toEqual([...members].sort());
  });

  it('creates a list by name with --create and maps columns with --map', async () => {
    const world = await createCliWorld();
    const file = world.csv('odd.csv', ['Contact,Customer', 'ann@example.com,C-1', 'bob@example.com,C-2']);
    const result = await world.run(['sync', file, '--list', 'Brand new', '--create', '--map', 'Contact=Email', '--map', '2=ExternalID', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Contact → Email');
    expect(result.stdout).toMatch(/Done in .*"Brand new" got 2 added/);
    expect(world.list('Brand new').emails).toEqual(['ann@example.com', 'bob@example.com']);
  });
});

describe('klaviyo-sync history and find', () => {
  it('shows the runs, one run, its rejected lines, its log as CSV, and a person across runs', async () => {
    const world = await createCliWorld();
    world.emulator.control.seed({ lists: [{ name: 'Newsletter', members: [{ email: 'old@example.com' }] }] });
    const file = world.csv('c.csv', ['email', 'jane@example.com', 'not-an-email', 'JANE@example.com', 'old@example.com']);
    const sync = await world.run(['sync', file, '--list', 'Newsletter', '--yes', '--json']);
    expect(sync.code).toBe(0);
    const lines = jsonLines(sync.stdout);
    const runId = (lines[lines.length - 1] as { run: { id: string } }).run.id;

    const runs = await world.run(['history']);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain(runId.slice(0, 8));
    expect(runs.stdout).toMatch(/completed\s+Newsletter\s+c\.csv/);
    expect(JSON.parse((await world.run(['history', '--json'])).stdout)).toMatchObject({ total: 1, runs: [{ id: runId }] });

    const detail = await world.run(['history', runId.slice(0, 8)]);
    expect(detail.code).toBe(0);
    expect(detail.stdout).toContain(`Run ${runId}`);
    expect(detail.stdout).toMatch(/rejected\s+1/);

    const rejected = await world.run(['history', runId, '--rows', 'rejected']);
    expect(rejected.stdout).toMatch(/3\s+rejected/);
    expect(rejected.stdout).toContain('not-an-email');
    const json = JSON.parse((await world.run(['history', runId, '--rows', 'duplicate', '--json'])).stdout) as { rows: Array<{ line: number; duplicateOf: number }> };
    expect(json.rows).toEqual([expect.objectContaining({ line: 4, duplicateOf: 2 })]);

    const logPath = join(world.home, 'log.csv');
    expect((await world.run(['history', runId, '--export', logPath])).code).toBe(0);
    expect(readFileSync(logPath, 'utf8').split('\r\n')[0]).toBe('line,fate,email,phone,external_id,profile_id,reason,duplicate_of');

    const person = await world.run(['find', 'Jane@Example.com']);
    expect(person.code).toBe(0);
    expect(person.stdout).toMatch(/2 events for email "Jane@Example.com"/);
    expect(person.stdout).toMatch(/Newsletter\s+added\s+2/);
    expect(person.stdout).toMatch(/Newsletter\s+duplicate\s+4/);

    expect((await world.run(['history', 'nope-nope'])).code).toBe(3);
    expect((await world.run(['history', runId, '--rows', 'sideways'])).code).toBe(2);
  });
});

describe('retention in the built command line', () => {
  it('clears the row detail of runs older than the setting (in its worker thread) while a sync runs', async () => {
    const world = await createCliWorld();
    world.emulator.control.seed({ lists: [{ name: 'Kept', members: [] }] });
    const first = await world.run(['sync', world.csv('a.csv', ['email', ...people('a', 20)]), '--list', 'Kept', '--yes', '--json']);
    const oldRun = (jsonLines(first.stdout).pop() as { run: { id: string } }).run.id;
    const longAgo = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const store = openDatabase({ dataDir: world.home });
    store.run(sql`UPDATE runs SET created_at = ${longAgo}, started_at = ${longAgo}, finished_at = ${longAgo} WHERE id = ${oldRun}`);
    store.run(sql`INSERT INTO settings (key, value) VALUES ('rowRetentionDays', '30')`);
    store.close();

    const second = await world.run(['sync', world.csv('b.csv', ['email', ...people('b', 20)]), '--list', 'Kept', '--yes']);
    expect(second.code).toBe(0);
    const detail = JSON.parse((await world.run(['history', oldRun, '--json'])).stdout) as { rowsPurged: boolean; counts: { added: number } };
    expect(detail).toMatchObject({ rowsPurged: true, counts: { added: 20 } });
    expect((await world.run(['history', oldRun, '--rows', 'all'])).stdout).toContain('No line detail for this run.');
    const after = openDatabase({ dataDir: world.home });
    expect(after.get<{ n: number }>(sql`SELECT count(*) AS n FROM run_rows WHERE run_id = ${oldRun}`)?.n).toBe(0);
    after.close();
  });
});

describe('stopping and resuming from the command line', () => {
  /** A sync long enough to interrupt: bulk jobs processed slowly by the emulator. */
  async function slowWorld(jobSpeed = 300) {
    const world = await createCliWorld({ emulator: { jobSpeed, latencyMs: 20 } });
    world.emulator.control.seed({ lists: [{ name: 'Slow', members: [] }] });
    const file = world.csv('slow.csv', ['email', ...people('slow', 1500)]);
    return { world, file };
  }

  it('pauses cleanly on Ctrl-C (exit 130), and `resume` completes the sync', async () => {
    const { world, file } = await slowWorld();
    const sync = world.start(['sync', file, '--list', 'Slow', '--yes', '--json']);
    await until(() => sync.output.stdout.includes('"runProgress"') && sync.output.stdout.includes('"import"'), 30_000, 'import progress');
    sync.child.kill('SIGINT');
    const stopped = await sync.done;
    expect(stopped.code).toBe(130);
    const result = jsonLines(stopped.stdout).pop() as { run: { id: string; status: string } };
    expect(result.run.status).toBe('paused');

    const resumed = await world.run(['resume', result.run.id, '--json'], { timeoutMs: 90_000 });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).pop()).toMatchObject({ type: 'result', run: { status: 'completed', counts: { added: 1500, pending: 0 } } });
    expect(world.list('Slow').emails).toEqual(people('slow', 1500).sort());
  });

  it('pauses a sync from another terminal: the running process notices and stops with exit 7', async () => {
    const { world, file } = await slowWorld();
    const sync = world.start(['sync', file, '--list', 'Slow', '--yes', '--json']);
    await until(() => sync.output.stdout.includes('"runProgress"'), 30_000, 'progress');
    const runId = (jsonLines(sync.output.stdout).find((l) => l.type === 'runProgress') as { runId: string }).runId;
    const pause = await world.run(['pause', runId.slice(0, 8)]);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain('Paused');
    const stopped = await sync.done;
    expect(stopped.code).toBe(7);
    expect(jsonLines(stopped.stdout).pop()).toMatchObject({ run: { status: 'paused' } });
    const history = await world.run(['history', runId, '--json']);
    expect(JSON.parse(history.stdout)).toMatchObject({ status: 'paused' });
  });

  it('cancels a sync from another terminal once its requests in flight are done, exit 7', async () => {
    const { world, file } = await slowWorld(500);
    const sync = world.start(['sync', file, '--list', 'Slow', '--yes', '--json']);
    await until(() => sync.output.stdout.includes('"runProgress"'), 30_000, 'progress');
    const runId = (jsonLines(sync.output.stdout).find((l) => l.type === 'runProgress') as { runId: string }).runId;
    const cancel = await world.run(['cancel', runId, '--json']);
    expect(cancel.code).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id: runId, status: 'cancelled' });
    const stopped = await sync.done;
    expect(stopped.code).toBe(7);
    expect(jsonLines(stopped.stdout).pop()).toMatchObject({ run: { status: 'cancelled' } });
    const resume = await world.run(['resume', runId]);
    expect(resume.code).toBe(3);
    expect(resume.stderr).toMatch(/resumed/);
  });
});
