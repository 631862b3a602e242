import { describe, expect, it } from 'vitest';
import { sql } from '../../../electron/core/store/sql';
import type { Mapping } from '../../../shared/mapping';
import { createSyncWorld, emailsOf, people } from './harness';

const EMAIL_AND_PHONE: Mapping = {
  columns: [
    { index: 0, header: 'email', target: { kind: 'email' } },
    { index: 1, header: 'phone', target: { kind: 'phone' } },
  ],
  defaultRegion: 'US',
};

describe('rows Klaviyo refuses', () => {
  it('marks the rows a finished job reports as import errors failed, with Klaviyo’s wording, and adds the rest', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 5 } });
    // Klaviyo knows +14155552671 as someone else's number: a row pairing it with another email conflicts.
    world.emulator.control.seed({ profiles: [{ email: 'owner@example.com', phone_number: '+14155552671' }, { email: 'taken@example.com' }] });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Errors' }] }).lists;
    const good = people('ok', 8);
    const path = world.csv('errors.csv', ['email,phone', ...good.slice(0, 3).map((e) => `${e},`), 'taken@example.com,(415) 555-2671', ...good.slice(3).map((e) => `${e},`)]);

    const plan = await world.plan({ path, mapping: EMAIL_AND_PHONE, list: { id: seeded!.id } });
    expect(plan.counts.add).toBe(9);
    const done = await world.run(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 8, failed: 1, pending: 0 } });
    const failed = world.store.get<{ line: number; reason: string }>(sql`SELECT line, reason FROM run_rows WHERE run_id = ${plan.runId} AND fate = 'failed'`);
    expect(failed?.line).toBe(5);
    expect(failed?.reason).toMatch(/already exists/i);
    expect(emailsOf(world.list(seeded!.id))).toEqual([...good].sort());
  });

  it('rejects the rows named by a job refused as a whole, and sends the rest again', async () => {
    const world = await createSyncWorld({ sync: { importBatchProfiles: 4 } });
    const [seeded] = world.emulator.control.seed({ lists: [{ name: 'Refused' }] }).lists;
    const all = people('row', 10);
    const path = world.csv('refused.csv', ['email', ...all]);
    const plan = await world.plan({ path, list: { id: seeded!.id } });
    // Something our checks let through but Klaviyo refuses: one bad email in the second batch.
    world.store.run(sql`UPDATE run_rows SET email = ${'broken@@example.com'} WHERE run_id = ${plan.runId} AND line = 7`);

    const done = await world.run(plan.runId);
    expect(done).toMatchObject({ status: 'completed', counts: { added: 9, rejected: 1, pending: 0 } });
    const rejected = world.store.get<{ line: number; reason: string }>(sql`SELECT line, reason FROM run_rows
      WHERE run_id = ${plan.runId} AND fate = 'rejected'`);
    expect(rejected).toEqual({ line: 7, reason: expect.stringMatching(/Klaviyo refused this row: Invalid email address/) });
    expect(emailsOf(world.list(seeded!.id))).toEqual(all.filter((_, i) => i !== 5).sort());
    const batches = world.store.all<{ status: string }>(sql`SELECT status FROM batches WHERE run_id = ${plan.runId} AND kind = 'import' ORDER BY id`);
    expect(batches.filter((b) => b.status === 'failed')).toHaveLength(1);
    expect(batches.filter((b) => b.status === 'confirmed').length).toBeGreaterThanOrEqual(3);
  });
});
