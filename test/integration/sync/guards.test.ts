import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import { createSyncWorld, emailsOf, failure, people } from './harness';

describe('what a run refuses to do', () => {
  it('needs an explicit confirmation to remove more than half of a list', async () => {
    const world = await createSyncWorld();
    const members = people('m', 10);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Guarded', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('few.csv', ['email', ...members.slice(0, 3)]);

    const plan = await world.plan({ path, list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.massRemoval).toEqual({ confirmationRequired: true, removeShare: 0.7 });
    const refused = await failure(() => world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false }));
    expect(refused).toMatchObject({ code: 'MASS_REMOVAL_UNCONFIRMED', message: expect.stringContaining('70%') });
    expect(world.list(seeded!.id).profile_count).toBe(10);

    const done = await world.run(plan.runId, true);
    expect(done).toMatchObject({ status: 'completed', counts: { removed: 7, unchanged: 3 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual(members.slice(0, 3).sort());
  });

  it('does not ask for a confirmation when a mirror removes half of the list or less', async () => {
    const world = await createSyncWorld();
    const members = people('m', 4);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Half', members: members.map((email) => ({ email })) }] }).lists;
    const plan = await world.plan({ path: world.csv('half.csv', ['email', ...members.slice(0, 2)]), list: { id: seeded!.id }, mode: 'mirror' });
    expect(plan.massRemoval).toEqual({ confirmationRequired: false, removeShare: 0.5 });
  });

  it('refuses to start when the file changed since the plan, and says to plan again', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Changed' }] }).lists;
    const path = world.csv('changing.csv', ['email', 'a@example.com']);
    const plan = await world.plan({ path, list: { id: seeded!.id } });
    appendFileSync(path, 'b@example.com\n');
    const refused = await failure(() => world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false }));
    expect(refused).toMatchObject({ code: 'FILE_CHANGED', action: { kind: 'retry', steps: [expect.stringMatching(/Plan the sync again/)] } });
    expect(world.list(seeded!.id).profile_count).toBe(0);
  });

  it('starts a planned run once: a second start is refused', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Once' }] }).lists;
    const plan = await world.plan({ path: world.csv('once.csv', ['email', 'a@example.com']), list: { id: seeded!.id } });
    await world.run(plan.runId);
    await expect(world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false })).rejects.toMatchObject({ code: 'RUN_STATE' });
    await expect(world.engine.handlers.startRun({ runId: 'no-such-run', confirmMassRemoval: false })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('stops planning when its task is cancelled, and leaves nothing behind', async () => {
    const world = await createSyncWorld();
    const members = people('m', 400);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Stopped', members: members.map((email) => ({ email })) }] }).lists;
    const path = world.csv('stopped.csv', ['email', ...members]);
    world.events.on('taskProgress', (p) => {
      if (p.taskId === 'stop-me') world.tasks.cancel('stop-me');
    });
    await expect(world.plan({ taskId: 'stop-me', path, list: { id: seeded!.id } })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(world.store.get(sql`SELECT count(*) AS n FROM runs`)).toEqual({ n: 0 });
    expect(world.store.get(sql`SELECT count(*) AS n FROM run_rows`)).toEqual({ n: 0 });
  });

  it('says a list name was not found unless it may be created', async () => {
    const world = await createSyncWorld();
    const path = world.csv('a.csv', ['email', 'a@example.com']);
    await expect(world.plan({ path, list: { name: 'Nowhere', create: false } })).rejects.toMatchObject({ code: 'LIST_NOT_FOUND' });
  });

  it('cancels a planned run without sending anything', async () => {
    const world = await createSyncWorld();
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Never' }] }).lists;
    const plan = await world.plan({ path: world.csv('never.csv', ['email', 'a@example.com', 'b@example.com']), list: { id: seeded!.id } });
    const cancelled = await world.engine.handlers.cancelRun({ runId: plan.runId });
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { pending: 2 } });
    expect(world.list(seeded!.id).profile_count).toBe(0);
    expect(world.store.get(sql`SELECT count(*) AS n FROM batches WHERE run_id = ${plan.runId}`)).toEqual({ n: 0 });
  });

  it('refuses a list creation when the account is at Klaviyo’s cap of 1,000 lists and segments', async () => {
    const world = await createSyncWorld();
    world.emulator.control.seed({ lists: Array.from({ length: 10 }, (_, i) => ({ name: `L${i}` })), segments: 990 });
    const refused = await failure(() => world.plan({ path: world.csv('cap.csv', ['email', 'a@example.com']), list: { name: 'One more', create: true } }));
    expect(refused).toMatchObject({ code: 'LIST_LIMIT_REACHED', action: { kind: 'remove_lists', listCount: 1000, listCap: 1000 } });
  });

  it('warns when this app already used up the day’s list creations', async () => {
    const world = await createSyncWorld();
    const now = new Date().toISOString();
    for (let i = 0; i < 150; i++) {
      world.store.run(sql`INSERT INTO list_creations (account_id, list_id, name, created_at) VALUES (${'ACC1'}, ${`X${i}`}, ${`n${i}`}, ${now})`);
    }
    const plan = await world.plan({ path: world.csv('daily.csv', ['email', 'a@example.com']), list: { name: 'Daily', create: true } });
    expect(plan.listCaps).toMatchObject({ createdToday: 150, dailyCap: 150 });
    expect(plan.warnings.join(' ')).toMatch(/150 lists in the last 24 hours/);
  });
});
