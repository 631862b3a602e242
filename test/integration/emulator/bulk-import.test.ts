import { describe, expect, it } from 'vitest';
import { bulkBody, emulator, get, manualClock, pageAll, post } from './helpers';

describe('emulator bulk profile import', () => {
  it('moves a job from queued to processing to complete at the configured speed, adding profiles to the list', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now, jobSpeed: 100, queueDelayMs: 1000 });
    const listId = e.control.seed({ lists: [{ name: 'Target' }] }).lists[0]?.id ?? '';
    const profiles = Array.from({ length: 250 }, (_, i) => ({ email: `bulk-${i}@example.com`, first_name: `B${i}` }));
    const created = await post(e, '/api/profile-bulk-import-jobs', bulkBody(profiles, [listId]));
    expect(created.status).toBe(202);
    const job = created.one();
    expect(job.type).toBe('profile-bulk-import-job');
    expect(job.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(job.attributes).toMatchObject({ status: 'queued', total_count: 250, completed_count: 0, failed_count: 0, started_at: null, completed_at: null });

    const poll = async () => (await get(e, `/api/profile-bulk-import-jobs/${job.id}`)).one().attributes;
    clock.advance(999);
    expect((await poll()).status).toBe('queued');
    clock.advance(1 + 1000); // started 1 s ago at 100 profiles/s
    const half = await poll();
    expect(half.status).toBe('processing');
    expect(half.completed_count).toBe(100);
    expect(e.control.state().accounts[0]?.lists[0]?.profile_count).toBe(100);
    clock.advance(2000);
    const done = await poll();
    expect(done).toMatchObject({ status: 'complete', completed_count: 250, failed_count: 0 });
    expect(done.completed_at).not.toBeNull();
    const members = e.control.state().accounts[0]?.lists[0]?.members ?? [];
    expect(members.map((m) => m.email)).toEqual(profiles.map((p) => p.email));
  });

  it('reports identity conflicts found while processing as import errors with pointer and original payload', async () => {
    const e = await emulator({ queueDelayMs: 0, jobSpeed: 100_000 });
    e.control.seed({ profiles: [{ email: 'a@example.com' }, { email: 'b@example.com', external_id: 'ext-b' }] });
    const body = bulkBody([
      { email: 'new@example.com' },
      { email: 'a@example.com', external_id: 'ext-b' },
      { email: 'a@example.com', first_name: 'Ann' },
    ]);
    const job = (await post(e, '/api/profile-bulk-import-jobs', body)).one();
    await new Promise((r) => setTimeout(r, 20));
    const status = (await get(e, `/api/profile-bulk-import-jobs/${job.id}`)).one().attributes;
    expect(status).toMatchObject({ status: 'complete', total_count: 3, completed_count: 2, failed_count: 1 });
    const errors = await pageAll(e, `/api/profile-bulk-import-jobs/${job.id}/import-errors`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.type).toBe('import-error');
    expect(errors[0]?.attributes).toMatchObject({
      code: 'duplicate_profile',
      source: { pointer: '/data/attributes/profiles/data/1/attributes' },
      original_payload: { type: 'profile', attributes: { email: 'a@example.com', external_id: 'ext-b' } },
    });
    const imported = await pageAll(e, `/api/profile-bulk-import-jobs/${job.id}/relationships/profiles`);
    expect(imported).toHaveLength(2);
  });

  it('refuses the whole request with one error per bad profile, and creates no job', async () => {
    const e = await emulator();
    const res = await post(e, '/api/profile-bulk-import-jobs', bulkBody([
      { email: 'fine@example.com' },
      { email: 'broken@', first_name: 'X' },
      { email: 'ok@example.com', phone_number: '0612345678' },
      { email: 'ok2@example.com', shoe_size: 42, phone_number: 'nope' },
    ]));
    expect(res.status).toBe(400);
    expect(res.errors.map((err) => err.source.pointer)).toEqual([
      '/data/attributes/profiles/data/1/attributes/email',
      '/data/attributes/profiles/data/2/attributes/phone_number',
      expect.stringMatching(/^\/data\/attributes\/profiles\/data\/3\/attributes\/(shoe_size|phone_number)$/),
    ]);
    expect(res.errors[0]?.detail).toBe('Invalid email address');
    const jobs = await get(e, '/api/profile-bulk-import-jobs');
    expect(jobs.many()).toEqual([]);
  });

  it('accepts 10,000 profiles and refuses 10,001', async () => {
    const e = await emulator();
    const many = (n: number) => bulkBody(Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com` })));
    const over = await post(e, '/api/profile-bulk-import-jobs', many(10_001));
    expect(over.status).toBe(400);
    expect(over.errors[0]?.source.pointer).toBe('/data/attributes/profiles/data');
    expect((await post(e, '/api/profile-bulk-import-jobs', many(10_000))).status).toBe(202);
  });

  it('refuses a profile over 100 KB, pointing at it', async () => {
    const e = await emulator();
    const res = await post(e, '/api/profile-bulk-import-jobs', bulkBody([
      { email: 'small@example.com' },
      { email: 'big@example.com', properties: { notes: 'x'.repeat(110 * 1024) } },
    ]));
    expect(res.status).toBe(400);
    expect(res.errors[0]?.source.pointer).toBe('/data/attributes/profiles/data/1');
  });

  it('refuses an unknown list in the relationship', async () => {
    const e = await emulator();
    const res = await post(e, '/api/profile-bulk-import-jobs', bulkBody([{ email: 'a@example.com' }], ['NOLIST']));
    expect(res.status).toBe(400);
    expect(res.errors[0]?.source.pointer).toBe('/data/relationships/lists/data/0/id');
  });

  it('includes the list with include=lists, lists jobs, and answers 404 for an unknown job', async () => {
    const e = await emulator({ queueDelayMs: 0 });
    const listId = e.control.seed({ lists: [{ name: 'Dest' }] }).lists[0]?.id ?? '';
    const job = (await post(e, '/api/profile-bulk-import-jobs', bulkBody([{ email: 'a@example.com' }], [listId]))).one();
    const withList = await get(e, `/api/profile-bulk-import-jobs/${job.id}?include=lists`);
    expect(withList.included().map((l) => [l.type, l.id])).toEqual([['list', listId]]);
    expect(withList.one().relationships?.lists?.data).toEqual([{ type: 'list', id: listId }]);
    expect((await get(e, `/api/profile-bulk-import-jobs/${job.id}/lists`)).many().map((l) => l.id)).toEqual([listId]);
    expect((await get(e, '/api/profile-bulk-import-jobs')).many().map((j) => j.id)).toEqual([job.id]);
    expect((await get(e, '/api/profile-bulk-import-jobs/01HZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
  });
});

describe('emulator bulk subscribe', () => {
  it('records consent and adds profiles to a single opt-in list after the queue delay (202, no body)', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now, queueDelayMs: 500 });
    const listId = e.control.seed({ lists: [{ name: 'Newsletter', opt_in_process: 'single_opt_in' }] }).lists[0]?.id ?? '';
    const res = await post(e, '/api/profile-subscription-bulk-create-jobs', {
      data: {
        type: 'profile-subscription-bulk-create-job',
        attributes: { custom_source: 'CSV sync', profiles: { data: [
          { type: 'profile', attributes: { email: 'sub@example.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } },
        ] } },
        relationships: { list: { data: { type: 'list', id: listId } } },
      },
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(e.control.state().accounts[0]?.lists[0]?.profile_count).toBe(0);
    clock.advance(600);
    expect(e.control.state().accounts[0]?.lists[0]?.members.map((m) => m.email)).toEqual(['sub@example.com']);
  });

  it('requires a phone number for the sms channel, with Klaviyo\'s message', async () => {
    const e = await emulator();
    const res = await post(e, '/api/profile-subscription-bulk-create-jobs', {
      data: { type: 'profile-subscription-bulk-create-job', attributes: { profiles: { data: [
        { type: 'profile', attributes: { email: 'a@example.com', subscriptions: { sms: { marketing: { consent: 'SUBSCRIBED' } } } } },
      ] } } },
    });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.detail).toBe("'phone_number' must not be empty when the sms channel is included in 'subscriptions'.");
  });
});
