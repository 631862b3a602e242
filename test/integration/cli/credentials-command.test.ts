/**
 * `klaviyo-sync credentials …` of the BUILT command line with the real keychain (run inside
 * scripts/with-keyring.mjs): the key goes in through stdin, only its mask ever comes out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPrivateKeyring } from '../secrets/keyring-guard';
import { buildCli, removeBuild, createCliWorld } from './sync-cli-harness';

beforeAll(() => {
  assertPrivateKeyring();
  buildCli();
}, 120_000);
afterAll(() => removeBuild());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('klaviyo-sync credentials', () => {
  it('adds a key read from stdin, then lists, tests, renames and removes the credential', async () => {
    const world = await createCliWorld({ keyInEnv: false });
    const name = `Shop ${Math.random().toString(36).slice(2, 8)}`;
    const added = await world.run(['credentials', 'add', name, '--key-stdin', '--description', 'main store'], { stdin: `${world.key}\n` });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Saved "${name}": account Test Shop (ACC1), key pk_…${world.key.slice(-4)}`);

    const list = await world.run(['credentials', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name, accountId: 'ACC1', maskedKey: `pk_…${world.key.slice(-4)}`, missingScopes: [] })]);
    const test = await world.run(['credentials', 'test', name.toUpperCase()]);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('works: account Test Shop (ACC1)');

    // The saved credential is used when it is the only one and KLAVIYO_API_KEY is not set.
    world.emulator.control.seed({ lists: [{ name: 'Via keychain', members: 1 }] });
    expect((await world.run(['lists'])).stdout).toContain('Via keychain');

    expect((await world.run(['credentials', 'rename', name, 'Renamed'])).stdout).toContain(`Renamed "${name}" to "Renamed".`);

    // A rotated key for the same account replaces the old one in the keychain; the old one stops working.
    const rotated = `pk_rotated_${Math.random().toString(36).slice(2, 12)}0000`;
    world.emulator.control.addKey(rotated, { account: 'ACC1' });
    world.emulator.control.revokeKey(world.key);
    const replaced = await world.run(['credentials', 'replace-key', 'Renamed', '--key-stdin'], { stdin: `${rotated}\n` });
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`Replaced the key of "Renamed" (account Test Shop): now pk_…${rotated.slice(-4)}.`);
    expect((await world.run(['credentials', 'test', 'Renamed'])).code).toBe(0);
    expect(replaced.stdout + replaced.stderr).not.toContain(rotated);
    const removed = await world.run(['credentials', 'remove', 'Renamed', '--yes']);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await world.run(['credentials', 'list', '--json'])).stdout)).toEqual([]);

    // The key is nowhere in what the command printed or wrote to its data folder.
    for (const output of [added, list, test, removed]) expect(output.stdout + output.stderr).not.toContain(world.key);
    for (const file of filesUnder(world.home)) expect(readFileSync(file).includes(world.key)).toBe(false);
  });

  it('never takes the key from the command line: without a terminal it asks for --key-stdin (exit 2)', async () => {
    const world = await createCliWorld({ keyInEnv: false });
    const result = await world.run(['credentials', 'add', 'Shop']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--key-stdin');
    const help = await world.run(['credentials', 'add', '--help']);
    expect(help.stdout).toContain('never taken as an argument');
  });

  it('refuses a key Klaviyo does not accept with exit 5, saving nothing', async () => {
    const world = await createCliWorld({ keyInEnv: false });
    const result = await world.run(['credentials', 'add', 'Bad', '--key-stdin'], { stdin: 'pk_not_a_real_key_123456' });
    expect(result.code).toBe(5);
    expect(result.stderr).not.toContain('pk_not_a_real_key_123456');
    expect(JSON.parse((await world.run(['credentials', 'list', '--json'])).stdout)).toEqual([]);
  });
});
