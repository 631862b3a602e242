import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import { createSyncWorld, emailsOf, people, until } from './harness';

/** Jobs of 10 profiles take about half a second each: long enough to act on a run in the middle. */
const SLOW = { emulator: { jobSpeed: 20, queueDelayMs: 0 }, sync: { importBatchProfiles: 10, importConcurrency: 1, maxOutstandingJobs: 1 } };

function statuses(world: Awaited<ReturnType<typeof createSyncWorld>>, runId: string): string[] {
  return world.store.all<{ status: string }>(sql`SELECT status FROM batches WHERE run_id = ${runId} ORDER BY id`).map((b) => b.status);
}

/** A process id that is certainly not running any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('pausing, resuming and cancelling a run', () => {
  it('pauses between batches, keeps the jobs already sent, and resumes to the same end', async () => {
    const world = await createSyncWorld(SLOW);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Pausable' }] }).lists;
    const everyone = people('p', 40);
    const plan = await world.plan({ path: world.csv('pause.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    await world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false });
    await until(() => statuses(world, plan.runId).includes('confirmed'));

    const paused = await world.engine.handlers.pauseRun({ runId: plan.runId });
    expect(paused.status).toBe('paused');
    expect(paused.action).toBeNull();
    expect(paused.counts.pending).toBeGreaterThan(0);
    expect(paused.counts.added).toBeLessThan(40);
    expect((await world.engine.handlers.listActiveRuns(undefined)).map((r) => [r.id, r.status])).toEqual([[plan.runId, 'paused']]);

    await world.engine.handlers.resumeRun({ runId: plan.runId });
    const done = await world.engine.waitForRun(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 40, pending: 0 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
    expect(statuses(world, plan.runId).every((s) => s === 'confirmed')).toBe(true);
    // runStatus followed every change; progress came with every phase.
    expect(world.seen('runStatus').map((s) => s.status)).toEqual(['running', 'paused', 'running', 'completed']);
    const last = world.seen('runProgress').at(-1);
    expect(last?.phases.find((p) => p.phase === 'import')).toMatchObject({ state: 'done', done: 40, total: 40 });
  });

  it('cancels: nothing is rolled back, and what was not sent stays pending', async () => {
    const world = await createSyncWorld(SLOW);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Cancelled' }] }).lists;
    const plan = await world.plan({ path: world.csv('cancel.csv', ['email', ...people('c', 40)]), list: { id: seeded!.id } });
    await world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false });
    await until(() => statuses(world, plan.runId).includes('confirmed'));

    const cancelled = await world.engine.handlers.cancelRun({ runId: plan.runId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.lastError).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/stay pending.*nothing is rolled back/) });
    const { added, pending } = cancelled.counts;
    expect(added).toBeGreaterThan(0);
    expect(added + pending).toBe(40);
    expect(pending).toBeGreaterThan(0);
    // Jobs already sent were confirmed before the run stopped: the list holds exactly the people counted as added.
    expect(world.list(seeded!.id).profile_count).toBe(added);
    await expect(world.engine.handlers.resumeRun({ runId: plan.runId })).rejects.toMatchObject({ code: 'RUN_STATE' });
  });

  it('reports a run whose process died as interrupted, and resumes it', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Orphan' }] }).lists;
    const everyone = people('o', 8);
    const plan = await world.plan({ path: world.csv('orphan.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    world.store.run(sql`UPDATE runs SET status = 'running', owner_pid = ${deadPid()}, heartbeat_at = ${new Date().toISOString()}
      WHERE id = ${plan.runId}`);

    const active = await world.engine.handlers.listActiveRuns(undefined);
    expect(active.map((r) => [r.id, r.status])).toEqual([[plan.runId, 'interrupted']]);
    await world.engine.handlers.resumeRun({ runId: plan.runId });
    expect((await world.engine.waitForRun(plan.runId)).status).toBe('completed');
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
  });

  it('lets only one of two engines start the same run', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Race' }] }).lists;
    const plan = await world.plan({ path: world.csv('race.csv', ['email', ...people('x', 5)]), list: { id: seeded!.id } });
    const other = world.reopen();
    const results = await Promise.allSettled([
      world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false }),
      other.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'RUN_STATE' } });
    await world.engine.waitForRun(plan.runId);
    await other.waitForRun(plan.runId);
    expect(world.list(seeded!.id).profile_count).toBe(5);
  });

  it('pauses a run that another engine executes, through the history file', async () => {
    const world = await createSyncWorld(SLOW);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Remote' }] }).lists;
    const plan = await world.plan({ path: world.csv('remote.csv', ['email', ...people('r', 60)]), list: { id: seeded!.id } });
    await world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false });
    await until(() => statuses(world, plan.runId).includes('sent'));

    const other = world.reopen();
    await expect(other.handlers.resumeRun({ runId: plan.runId })).rejects.toMatchObject({ code: 'RUN_STATE' });
    const paused = await other.handlers.pauseRun({ runId: plan.runId });
    expect(paused.status).toBe('paused');
    expect((await world.engine.waitForRun(plan.runId)).status).toBe('paused');
  });
});
