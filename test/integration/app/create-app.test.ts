import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/core/app';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import { AppError } from '../../../shared/errors';
import { startEmulator, type Emulator } from '../../klaviyo-emulator/index';

const KEY = 'pk_app_test_0123456789abcdef';

describe('createApp (the composition root)', () => {
  let dir: string;
  let emulator: Emulator;
  let app: App;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'create-app-'));
    emulator = await startEmulator({ apiKeys: [{ key: KEY, account: { name: 'Acme Outdoors' } }], timeScale: 20 });
    app = createApp({
      dataDir: dir, klaviyoBaseUrl: emulator.url, timeScale: 20, secretStore: createMemorySecretStore(),
      envApiKey: KEY, retentionThread: 'inline', version: '9.9.9',
    });
  });
  afterEach(async () => {
    await app.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports where it keeps its data and which Klaviyo it talks to, with the environment key masked', async () => {
    const info = await app.getAppInfo();
    expect(info).toMatchObject({ version: '9.9.9', dataFolder: dir, klaviyoBaseUrl: emulator.url });
    expect(info.environmentKey?.maskedKey).toBe('pk_…cdef');
    expect(JSON.stringify(info)).not.toContain(KEY);
  });

  it('refuses invalid input at the boundary without echoing the key', async () => {
    const error = await app.addCredential({ name: '', apiKey: `${KEY}\u0000` }).catch((e: unknown) => e);
    expect(AppError.is(error, 'INVALID_INPUT')).toBe(true);
    expect(String((error as AppError).message)).not.toContain(KEY);
  });

  it('records an SFTP export as a completed run with its counts, readable in the history', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'Email,Phone,Plan\nAnn@Example.com,(206) 555-0100,gold\nnot-an-email,,silver\nann@example.com,,gold\n');
    const inspected = await app.inspectFile({ path: csv });
    const result = await app.exportAudience({ taskId: 'export-1', path: csv, mapping: inspected.suggestedMapping, outDir: dir });

    expect(result.counts).toMatchObject({ records: 3, accepted: 1, rejected: 1, duplicates: 1 });
    expect(readFileSync(result.files.audience, 'utf8').split(/\r?\n/)[1]).toContain('ann@example.com');

    const { runs } = await app.listRuns({ kind: 'export' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: result.runId, kind: 'export', status: 'completed', file: { name: 'people.csv' } });
    expect(runs[0]?.counts).toMatchObject({ total: 3, added: 1, rejected: 1, duplicates: 1 });
    const detail = await app.getRun({ runId: result.runId });
    expect(detail.audience?.rejectedBy).toEqual({ invalid_email: 1 });
  });

  it('lists the account behind the environment key when no credential is named', async () => {
    emulator.control.seed({ account: KEY, lists: [{ name: 'Newsletter', members: 3 }] });
    const overview = await app.listLists();
    expect(overview.lists.map((l) => l.name)).toEqual(['Newsletter']);
    expect(overview.cap).toBe(1000);
  });

  it('can be closed twice', async () => {
    await app.close();
    await expect(app.close()).resolves.toBeUndefined();
  });
});
