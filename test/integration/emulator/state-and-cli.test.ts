import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateDocument } from '../../klaviyo-emulator/index';
import { emulator, KEY, post } from './helpers';

describe('emulator state endpoint and seeding', () => {
  it('returns every account with its lists and members\' identifiers, without any API key', async () => {
    const e = await emulator({ apiKeys: [{ key: KEY, account: { id: 'ACC001', name: 'Acme' } }, { key: 'pk_other' }] });
    e.control.seed({
      account: KEY,
      lists: [{ name: 'VIP', members: [{ email: 'vip@example.com', phone_number: '+12065550100', external_id: 'c-1' }] }],
      segments: ['Engaged', 'Lapsed'],
    });
    const res = await fetch(`${e.url}/__emulator/state`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    const state = JSON.parse(text) as StateDocument;
    expect(state.accounts).toHaveLength(2);
    const acme = state.accounts.find((a) => a.id === 'ACC001');
    expect(acme).toMatchObject({ name: 'Acme', segment_count: 2, lists: [{ name: 'VIP', profile_count: 1 }] });
    expect(acme?.lists[0]?.members).toEqual([{ id: expect.any(String), email: 'vip@example.com', phone_number: '+12065550100', external_id: 'c-1' }]);

    const filtered = await (await fetch(`${e.url}/__emulator/state?account=ACC001&members=0`)).json() as StateDocument;
    expect(filtered.accounts.map((a) => a.id)).toEqual(['ACC001']);
    expect(filtered.accounts[0]?.lists[0]?.members).toEqual([]);
    expect(filtered.accounts[0]?.lists[0]?.profile_count).toBe(1);
  });

  it('reflects API writes in the state', async () => {
    const e = await emulator();
    await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'Written' } } });
    expect(e.control.state().accounts[0]?.lists.map((l) => l.name)).toEqual(['Written']);
  });

  it('seeds 200,000 members into one list', async () => {
    const e = await emulator();
    const result = e.control.seed({ lists: [{ name: 'Huge', members: 200_000 }] });
    expect(result.lists[0]?.memberIds).toHaveLength(200_000);
    expect(new Set(result.lists[0]?.memberIds).size).toBe(200_000);
    expect(e.control.state({ members: false }).accounts[0]?.lists[0]?.profile_count).toBe(200_000);
  });

  it('refuses an invalid seed profile', async () => {
    const e = await emulator();
    expect(() => e.control.seed({ profiles: [{ email: 'nope' }] })).toThrow(/invalid email/);
  });
});

function startCli(args: string[]): Promise<{ line: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/klaviyo-emulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve({
        line: stdout,
        stop: () => new Promise((done) => {
          child.once('exit', (code) => done(code));
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

describe('emulator command line', () => {
  it('prints exactly one ready line, serves the seeded account with scoped keys, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    try {
      const seedFile = join(dir, 'seed.json');
      writeFileSync(seedFile, JSON.stringify({ account: 'pk_cli_full', lists: [{ name: 'Seeded', members: 5 }], segments: 2 }));
      const cli = await startCli(['--port', '0', '--api-key', 'pk_cli_full@SHOP01', '--api-key', 'pk_cli_ro=lists:read@SHOP01', '--seed', seedFile, '--time-scale', '10']);
      expect(cli.line).toMatch(/^Klaviyo emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = cli.line.trim().replace('Klaviyo emulator listening on ', '');
      const headers = (key: string) => ({ Authorization: `Klaviyo-API-Key ${key}`, revision: '2026-07-15' });
      const lists = await fetch(`${url}/api/lists`, { headers: headers('pk_cli_ro') });
      expect(lists.status).toBe(200);
      const body = await lists.json() as { data: Array<{ attributes: { name: string } }> };
      expect(body.data.map((l) => l.attributes.name)).toEqual(['Seeded']);
      expect((await fetch(`${url}/api/accounts`, { headers: headers('pk_cli_ro') })).status).toBe(403);
      expect(await cli.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
