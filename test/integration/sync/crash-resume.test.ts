/**
 * kill -9 at named points of a sync running in another process, then resume it here: the end state
 * must be exactly what a clean run gives (the list holds the file's people, nobody else), every row
 * accounted for, and no list created twice.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import type { ListTarget, PlanRequest, RunSummary } from '../../../shared/sync';
import { runChild } from './crash';
import { createSyncWorld, EMAIL_MAPPING, emailsOf, people, type SyncWorld } from './harness';

const OPTIONS = { importBatchProfiles: 20, removeBatchIds: 10, heartbeatMs: 200, jobThroughput: 1000 };

interface Scenario {
  world: SyncWorld;
  file: string[];
  listName: string;
  summary: RunSummary;
}

async function crashAndResume(crashAt: string, target: 'existing' | 'create', beforeResume?: (world: SyncWorld) => void): Promise<Scenario> {
  const world = await createSyncWorld({ sync: OPTIONS });
  const members = people('m', 60);
  const listName = target === 'create' ? 'Made by the sync' : 'Crashed';
  let list: ListTarget = { name: listName, create: true };
  if (target === 'existing') {
    const [seeded] = world.emulator.control.seed({ lists: [{ name: listName, members: members.map((email) => ({ email })) }] }).lists;
    list = { id: seeded!.id };
  }
  // 80 adds in 4 jobs, 20 removals in 2 requests (when the list exists), 40 unchanged.
  const file = [...(target === 'existing' ? members.slice(0, 40) : []), ...people('n', 80)];
  const request: PlanRequest = {
    taskId: 'child-plan', path: world.csv('crash.csv', ['email', ...file]), mapping: EMAIL_MAPPING, list, mode: 'mirror', content: 'identifiers',
  };

  const child = await runChild(world, request, OPTIONS, crashAt);
  expect(child.signal, child.output).toBe('SIGKILL');

  beforeResume?.(world);
  const active = await world.engine.handlers.listActiveRuns(undefined);
  let runId: string;
  if (child.runId !== null) {
    expect(active.map((r) => [r.id, r.status])).toEqual([[child.runId, 'interrupted']]);
    runId = child.runId;
    await world.engine.handlers.resumeRun({ runId });
  } else {
    // Killed while planning: the unfinished plan is dropped, and planning again is the way on.
    expect(active).toEqual([]);
    expect(world.store.get(sql`SELECT count(*) AS n FROM runs`)).toEqual({ n: 0 });
    runId = (await world.plan({ ...request, taskId: 'again' })).runId;
    await world.engine.handlers.startRun({ runId, confirmMassRemoval: true });
  }
  const summary = await world.engine.waitForRun(runId);
  return { world, file, listName, summary };
}

function expectCleanEnd({ world, file, listName, summary }: Scenario, removed: number): void {
  expect(summary.status).toBe('completed');
  expect(summary.counts).toMatchObject({ failed: 0, pending: 0, rejected: 0, removed });
  expect(summary.counts.added + summary.counts.unchanged).toBe(file.length);
  const lists = world.emulator.control.state({ members: true }).accounts[0]!.lists.filter((l) => l.name === listName);
  expect(lists).toHaveLength(1);
  expect(emailsOf(lists[0]!)).toEqual([...file].sort());
  expect(world.store.get(sql`SELECT count(*) AS n FROM batches WHERE run_id = ${summary.id} AND status IN ('sending', 'sent')`)).toEqual({ n: 0 });
}

function jobsCreated(world: SyncWorld): number {
  return world.emulator.control.state().accounts[0]!.jobs.length;
}

describe('a sync killed with SIGKILL, then resumed', () => {
  it('while the file is being staged', async () => {
    expectCleanEnd(await crashAndResume('staging:1', 'existing'), 20);
  });

  it('right after an import job was created, before it was recorded', async () => {
    const scenario = await crashAndResume('after-send:import:2', 'existing');
    expectCleanEnd(scenario, 20);
    // The unrecorded job (and any other in flight at the kill) was sent again: harmless, an upsert into the same list.
    expect(jobsCreated(scenario.world)).toBeGreaterThan(4);
  });

  it('after an import job was recorded but before it was polled', async () => {
    let recorded: { id: number; job_id: string } | undefined;
    const scenario = await crashAndResume('after-record:import:1', 'existing', (world) => {
      recorded = world.store.get(sql`SELECT id, job_id FROM batches WHERE kind = 'import' AND status = 'sent'`);
    });
    expectCleanEnd(scenario, 20);
    // The job recorded as sent was polled to its end, not sent again.
    expect(recorded?.job_id).toBeTruthy();
    expect(scenario.world.store.get(sql`SELECT job_id, status FROM batches WHERE id = ${recorded?.id ?? -1} AND kind = 'import'`))
      .toEqual({ job_id: recorded?.job_id, status: 'confirmed' });
  });

  it('after a removal was sent, before it was recorded', async () => {
    expectCleanEnd(await crashAndResume('after-send:remove:1', 'existing'), 20);
  });

  it('right after the list was created, before it was recorded', async () => {
    const scenario = await crashAndResume('after-send:create_list:1', 'create');
    expectCleanEnd(scenario, 0);
    expect(scenario.summary.list?.name).toBe('Made by the sync');
    expect(scenario.world.store.get(sql`SELECT count(*) AS n FROM list_creations`)).toEqual({ n: 1 });
  });

  it('after every batch was confirmed, before the run was finalized', async () => {
    const scenario = await crashAndResume('before-finalize:1', 'existing');
    expectCleanEnd(scenario, 20);
    expect(scenario.world.store.get(sql`SELECT profile_count FROM list_snapshots`)).toEqual({ profile_count: 120 });
  });
});
