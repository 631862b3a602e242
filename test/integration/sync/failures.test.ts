import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import { createSyncWorld, emailsOf, newKey, people, until } from './harness';

function batchStatuses(world: Awaited<ReturnType<typeof createSyncWorld>>, runId: string): string[] {
  return world.store.all<{ status: string }>(sql`SELECT status FROM batches WHERE run_id = ${runId} ORDER BY id`).map((b) => b.status);
}

describe('a run that hits a problem a person can fix', () => {
  it('pauses with replace_key when the key is revoked mid-run, and completes after the key is replaced', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 5 } });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Revoked' }] }).lists;
    const everyone = people('r', 30);
    const plan = await world.plan({ path: world.csv('revoked.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    world.emulator.control.revokeKeyAfter(world.key, 4);

    const paused = await world.run(plan.runId);
    expect(paused).toMatchObject({ status: 'paused', action: { kind: 'replace_key' }, lastError: { code: 'INVALID_CREDENTIALS' } });
    expect(paused.action?.steps.join(' ')).toMatch(/Resume/);
    expect(world.seen('alertsChanged').at(-1)).toEqual({ count: 1 });
    expect(world.list(seeded!.id).profile_count).toBeLessThan(30);

    const replacement = newKey();
    world.emulator.control.addKey(replacement, { account: 'ACC1' });
    world.setKey(replacement);
    await world.engine.handlers.resumeRun({ runId: plan.runId });
    const done = await world.engine.waitForRun(plan.runId);
    expect(done).toMatchObject({ status: 'completed', action: null, counts: { added: 30, pending: 0 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
    expect(world.seen('alertsChanged').at(-1)).toEqual({ count: 0 });
    // The key never reaches a log line.
    expect(world.logLines.some((l) => l.includes(world.key) || l.includes(replacement))).toBe(false);
  });

  it('rides out a 429 storm without failing', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 4 } });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Storm' }] }).lists;
    const everyone = people('s', 24);
    const plan = await world.plan({ path: world.csv('storm.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    // Every request is refused for 40 emulated seconds: under a minute, so the run waits it out.
    world.emulator.control.resetStats();
    world.emulator.control.throttleStorm(800);

    const done = await world.run(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 24 } });
    const buckets = Object.values(world.emulator.control.stats().accounts.ACC1?.buckets ?? {});
    expect(buckets.reduce((n, b) => n + b.throttled, 0)).toBeGreaterThan(0);
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
  });

  it('pauses with wait_until when Klaviyo keeps throttling for minutes, and resumes later', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 4 } });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Long storm' }] }).lists;
    const everyone = people('l', 12);
    const plan = await world.plan({ path: world.csv('long.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    // 2 s here is 100 emulated seconds: longer than a minute, so the run stops instead of waiting.
    world.emulator.control.throttleStorm(2000, { pathPrefix: '/api/profile-bulk-import-jobs' });

    const paused = await world.run(plan.runId);
    expect(paused).toMatchObject({ status: 'paused', lastError: { code: 'RATE_LIMITED' }, action: { kind: 'wait_until' } });
    const resumeAfter = Date.parse(paused.action?.resumeAfter ?? '');
    expect(resumeAfter).toBeGreaterThan(Date.now());

    // Resumed when Klaviyo said it could be.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resumeAfter - Date.now()) + 50));
    await world.engine.handlers.resumeRun({ runId: plan.runId });
    expect(await world.engine.waitForRun(plan.runId)).toMatchObject({ status: 'completed', counts: { added: 12 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
  });

  it('pauses with check_network when Klaviyo keeps failing, and resending the unanswered batch is safe', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 5 } });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Flaky' }] }).lists;
    const everyone = people('f', 15);
    const plan = await world.plan({ path: world.csv('flaky.csv', ['email', ...everyone]), list: { id: seeded!.id } });
    world.emulator.control.failNext(50, 503, { pathPrefix: '/api/profile-bulk-import-jobs', method: 'POST' });

    const paused = await world.run(plan.runId);
    expect(paused).toMatchObject({ status: 'paused', action: { kind: 'check_network' }, lastError: { code: 'SERVER_ERROR' } });
    expect(batchStatuses(world, plan.runId)).toContain('sending');

    world.emulator.control.clearFaults();
    await world.engine.handlers.resumeRun({ runId: plan.runId });
    const done = await world.engine.waitForRun(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 15, pending: 0 } });
    expect(emailsOf(world.list(seeded!.id))).toEqual([...everyone].sort());
  });

  it('pauses with recreate_list when the list is deleted mid-run; resuming recreates it and adds everyone again', async () => {
    // One slow job at a time, so the list goes while most of the file is still to be sent.
    const world = await createSyncWorld({ emulator: { jobSpeed: 20, queueDelayMs: 0 }, sync: { importBatchProfiles: 10, importConcurrency: 1, maxOutstandingJobs: 1 } });
    const kept = people('k', 5);
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Doomed', members: kept.map((email) => ({ email })) }] }).lists;
    const file = [...kept, ...people('d', 40)];
    const plan = await world.plan({ path: world.csv('doomed.csv', ['email', ...file]), list: { id: seeded!.id } });

    await world.engine.handlers.startRun({ runId: plan.runId, confirmMassRemoval: false });
    await until(() => batchStatuses(world, plan.runId).includes('confirmed'));
    await world.client().deleteList(seeded!.id);
    const paused = await world.engine.waitForRun(plan.runId);
    expect(paused).toMatchObject({ status: 'paused', action: { kind: 'recreate_list' }, lastError: { code: 'LIST_NOT_FOUND' } });

    await world.engine.handlers.resumeRun({ runId: plan.runId });
    const done = await world.engine.waitForRun(plan.runId);
    expect(done.status).toBe('completed');
    expect(done.list?.id).not.toBe(seeded!.id);
    const lists = world.emulator.control.state({ members: true }).accounts[0]!.lists.filter((l) => l.name === 'Doomed');
    expect(lists).toHaveLength(1);
    expect(emailsOf(lists[0]!)).toEqual([...file].sort());
    expect(done.counts).toMatchObject({ added: 45, unchanged: 0, pending: 0 });
  });

  it('pauses with wait_until when the day’s list creations are used up', async () => {
    const world = await createSyncWorld();
    const plan = await world.plan({ path: world.csv('daily.csv', ['email', 'a@example.com']), list: { name: 'Too many today', create: true } });
    const client = world.client();
    for (let i = 0; i < 150; i++) await client.createList(`Made ${i}`);

    const paused = await world.run(plan.runId);
    expect(paused).toMatchObject({ status: 'paused', lastError: { code: 'LIST_CREATE_DAILY_LIMIT' }, action: { kind: 'wait_until' } });
    expect(Date.parse(paused.action?.resumeAfter ?? '')).toBeGreaterThan(Date.now());
  });

  it('pauses with remove_lists when the account reaches the list cap between the plan and the run', async () => {
    const world = await createSyncWorld();
    world.emulator.control.seed({ segments: 999 });
    const plan = await world.plan({ path: world.csv('cap.csv', ['email', 'a@example.com']), list: { name: 'Last one', create: true } });
    expect(plan.listCaps).toMatchObject({ listsAndSegments: 999, cap: 1000 });
    world.emulator.control.seed({ segments: 1 });

    const paused = await world.run(plan.runId);
    expect(paused).toMatchObject({
      status: 'paused', lastError: { code: 'LIST_LIMIT_REACHED' }, action: { kind: 'remove_lists', listCount: 1000, listCap: 1000 },
    });
  });
});
