/**
 * A job Klaviyo refuses as a whole without saying which profiles are wrong: the batch is halved until
 * the bad rows are alone. Klaviyo is the edge here (a stand-in that refuses any batch holding a bad
 * email, naming nothing); the history is a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../../../electron/core/log';
import { createEventHub } from '../../../electron/core/events';
import { createTaskRegistry } from '../../../electron/core/tasks';
import { openDatabase } from '../../../electron/core/store/open-database';
import { sql } from '../../../electron/core/store/sql';
import { resolveOptions } from '../../../electron/core/sync/deps';
import { createRunRepos } from '../../../electron/core/sync/repos';
import { createRunState } from '../../../electron/core/sync/run-state';
import { createProgressTracker } from '../../../electron/core/sync/progress';
import { runImportPhase } from '../../../electron/core/sync/import-phase';
import type { KlaviyoClient, BulkImportInput } from '../../../electron/core/klaviyo/index';

function refusingKlaviyo(bad: Set<string>) {
  const accepted: string[][] = [];
  let jobs = 0;
  const client = {
    timeScale: 1,
    limiter: { stats: () => ({}) },
    async createBulkImportJob(input: BulkImportInput) {
      if (input.profiles.some((p) => p.email && bad.has(p.email))) {
        throw new AppError({ code: 'VALIDATION_FAILED', message: 'Klaviyo refused the data: Invalid input.', details: { status: 400 } });
      }
      accepted.push(input.profiles.map((p) => p.email ?? ''));
      jobs += 1;
      return { id: `job-${jobs}`, status: 'queued', createdAt: null, totalCount: input.profiles.length, completedCount: 0, failedCount: 0, startedAt: null, completedAt: null, expiresAt: null };
    },
    async getBulkImportJob(id: string) {
      return { id, status: 'complete', createdAt: null, totalCount: 0, completedCount: 0, failedCount: 0, startedAt: null, completedAt: null, expiresAt: null };
    },
    async* iterateImportErrors() {
      // No per-row errors in this scenario.
    },
  };
  return { client: client as unknown as KlaviyoClient, accepted };
}

describe('a job refused without pointers', () => {
  it('is halved until the bad rows are alone; they are rejected with Klaviyo’s reason, everyone else is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audience-sync-bisect-'));
    const store = openDatabase({ dataDir: dir });
    onTestFinished(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const repos = createRunRepos(store);
    store.run(sql`INSERT INTO runs (id, kind, status, created_at, file_path, file_name, file_size, file_sha256, mapping_json, list_id, list_name)
      VALUES ('r1', 'sync', 'running', 'now', '/f.csv', 'f.csv', 1, 'h', '{}', 'L1', 'List')`);
    const emails = Array.from({ length: 16 }, (_, i) => `p${i}@example.com`);
    repos.rows.insertStaged('r1', emails.map((email, i) => ({
      seq: i + 2, line: i + 2, fate: 'pending', email, phone: null, externalId: null, reason: null, duplicateOf: null, payload: null, valuesJson: null, contentHash: null,
    })));
    store.run(sql`UPDATE run_rows SET planned = 'add' WHERE run_id = 'r1'`);

    const bad = new Set(['p5@example.com', 'p11@example.com']);
    const klaviyo = refusingKlaviyo(bad);
    const ctx = {
      deps: { store, events: createEventHub(), tasks: createTaskRegistry(), credentials: { getApiKey: async () => 'k', resolve: () => { throw new Error('unused'); }, environmentKey: () => null, list: async () => [] }, createClient: () => klaviyo.client },
      repos, options: resolveOptions({ importBatchProfiles: 8, jobThroughput: 1_000_000, jobOverheadSeconds: 0 }),
      logger: createLogger({ sink: () => undefined }), now: () => new Date(), planning: new Set<string>(),
    };
    const state = createRunState({
      runId: 'r1', ctx, client: klaviyo.client, listId: 'L1', listName: 'List', accountId: null, full: false,
      runOptions: { list: { id: 'L1' }, timeScale: 1000, willCreate: false, memberSource: 'klaviyo', jobThroughput: 1_000_000 },
      progress: createProgressTracker({ runId: 'r1', intervalMs: 1000, emit: () => undefined }),
    });

    await runImportPhase(state);
    expect(state.failure).toBeNull();
    const rows = store.all<{ email: string; fate: string; reason: string | null }>(sql`SELECT email, fate, reason FROM run_rows WHERE run_id = 'r1' ORDER BY seq`);
    expect(rows.filter((r) => r.fate === 'rejected').map((r) => r.email)).toEqual([...bad]);
    expect(rows.find((r) => r.fate === 'rejected')?.reason).toMatch(/Klaviyo refused this row: .*Invalid input/);
    expect(rows.filter((r) => r.fate === 'added')).toHaveLength(14);
    expect(klaviyo.accepted.flat().sort()).toEqual(emails.filter((e) => !bad.has(e)).sort());
    const batches = store.all<{ status: string }>(sql`SELECT status FROM batches WHERE run_id = 'r1'`);
    expect(batches.every((b) => b.status === 'confirmed' || b.status === 'failed')).toBe(true);
  });
});
