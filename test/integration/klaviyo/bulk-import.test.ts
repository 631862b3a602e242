import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { collect, failure, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Requests the bulk-import bucket has seen. */
function bucket(harness: Harness): number {
  return harness.emulator.control.stats().accounts.ACC1?.buckets['profile-bulk-import-jobs']?.requests ?? 0;
}

describe('bulk import jobs against the emulator', () => {
  it('imports profiles into a list and reports the job complete with its counts', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Imported' }] }).lists;
    const client = h.client();
    const profiles = Array.from({ length: 2500 }, (_, i) => ({ email: `b${i}@example.com`, firstName: `B${i}`, properties: { row: i } }));
    const job = await client.createBulkImportJob({ profiles, listId: list?.id ?? '' });
    expect(job).toMatchObject({ status: 'queued', totalCount: 2500 });
    const seen: string[] = [];
    const done = await client.waitForBulkImportJob(job.id, { onProgress: (j) => seen.push(j.status) });
    expect(done).toMatchObject({ id: job.id, status: 'complete', totalCount: 2500, completedCount: 2500, failedCount: 0 });
    expect(seen.at(-1)).toBe('complete');
    const members = h.emulator.control.state().accounts[0]?.lists[0]?.members ?? [];
    expect(members).toHaveLength(2500);
    expect(await collect(client.iterateImportErrors(job.id))).toEqual([]);
  });

  it('reports per-profile import errors with the index of the profile that failed', async () => {
    h = await startHarness();
    h.emulator.control.seed({ profiles: [{ email: 'taken@example.com' }, { email: 'other@example.com', phone_number: '+12065550199' }] });
    const client = h.client();
    // Row 2 joins the email of one existing profile to the phone of another: Klaviyo cannot merge them.
    const profiles = [
      { email: 'ok1@example.com' },
      { email: 'ok2@example.com' },
      { email: 'taken@example.com', phoneNumber: '+12065550199' },
      { email: 'ok3@example.com' },
    ];
    const job = await client.createBulkImportJob({ profiles });
    const done = await client.waitForBulkImportJob(job.id);
    expect(done).toMatchObject({ status: 'complete', completedCount: 3, failedCount: 1 });
    const errors = await collect(client.iterateImportErrors(job.id, { profiles }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'duplicate_profile', index: 2 });
    expect(errors[0]?.originalPayload).toMatchObject({ attributes: { email: 'taken@example.com' } });
  });

  it('pages through many import errors', async () => {
    h = await startHarness();
    const seeded = Array.from({ length: 130 }, (_, i) => [{ email: `e${i}@example.com` }, { email: `o${i}@example.com`, phone_number: `+1206555${String(3000 + i)}` }]).flat();
    h.emulator.control.seed({ profiles: seeded });
    const client = h.client();
    const profiles = Array.from({ length: 130 }, (_, i) => ({ email: `e${i}@example.com`, phoneNumber: `+1206555${String(3000 + i)}` }));
    const job = await client.createBulkImportJob({ profiles: [{ email: 'fine@example.com' }, ...profiles] });
    expect(await client.waitForBulkImportJob(job.id)).toMatchObject({ completedCount: 1, failedCount: 130 });
    const errors = await collect(client.iterateImportErrors(job.id));
    // 130 errors at most 100 a page: the second page came through links.next.
    expect(errors.map((e) => e.index)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
  });

  it('reports a refused batch as VALIDATION_FAILED with a pointer for every bad profile, and no job', async () => {
    h = await startHarness();
    const client = h.client();
    const profiles = Array.from({ length: 10 }, (_, i) => ({ email: `v${i}@example.com` }));
    profiles[3] = { email: 'broken' };
    profiles[7] = { email: 'v7@example.com', phoneNumber: '555' } as (typeof profiles)[number];
    const error = await failure(() => client.createBulkImportJob({ profiles }));
    expect(AppError.is(error, 'VALIDATION_FAILED')).toBe(true);
    const pointers = String((error as AppError).details?.pointers).split('\n');
    expect(pointers).toEqual(['/data/attributes/profiles/data/3/attributes/email', '/data/attributes/profiles/data/7/attributes/phone_number']);
    expect(h.emulator.control.state().accounts[0]?.jobs).toEqual([]);
  });

  it('refuses an oversized batch before sending it', async () => {
    h = await startHarness();
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ email: `x${i}@example.com` }));
    const error = await failure(() => h.client().createBulkImportJob({ profiles: tooMany }));
    expect((error as AppError).details).toMatchObject({ reason: 'too_many_profiles', index: 10_000 });
    expect(bucket(h)).toBe(0);
  });

  it('says NOT_FOUND for a job that does not exist', async () => {
    h = await startHarness();
    expect(AppError.is(await failure(() => h.client().getBulkImportJob('01NOSUCHJOB')), 'NOT_FOUND')).toBe(true);
  });
});
