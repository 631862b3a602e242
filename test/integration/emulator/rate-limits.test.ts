import { describe, expect, it } from 'vitest';
import { bulkBody, emulator, get, manualClock, post } from './helpers';

describe('emulator rate limits', () => {
  it('carries RateLimit-Limit/Remaining/Reset for the steady window on normal responses', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now });
    const first = await get(e, '/api/lists');
    expect(first.headers.get('ratelimit-limit')).toBe('750');
    expect(first.headers.get('ratelimit-remaining')).toBe('749');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
    clock.advance(15_500);
    const second = await get(e, '/api/lists');
    expect(second.headers.get('ratelimit-remaining')).toBe('748');
    expect(second.headers.get('ratelimit-reset')).toBe('45');
    const notFound = await get(e, '/api/lists/NOPE00');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('ratelimit-remaining')).toBe('749'); // Get List: its own bucket
  });

  it('answers 429 throttled past the burst limit, with an integer Retry-After and no RateLimit headers', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now });
    for (let i = 0; i < 10; i += 1) expect((await post(e, '/api/profile-bulk-import-jobs', bulkBody([{ email: `b${i}@example.com` }]))).status).toBe(202);
    clock.advance(300);
    const refused = await get(e, '/api/profile-bulk-import-jobs'); // same bucket as job creation
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-limit')).toBeNull();
    expect(refused.headers.get('ratelimit-remaining')).toBeNull();
    expect(refused.errors[0]).toMatchObject({
      status: 429, code: 'throttled', title: 'Request was throttled.', detail: 'Request was throttled. Expected available in 1 second.',
    });
    clock.advance(700);
    expect((await get(e, '/api/profile-bulk-import-jobs')).status).toBe(200);
  });

  it('answers 429 past the steady limit until the minute window ends', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now });
    for (let i = 0; i < 15; i += 1) {
      clock.advance(1000);
      expect((await get(e, '/api/accounts')).status).toBe(200); // 1/s, 15/m
    }
    clock.advance(1000);
    const refused = await get(e, '/api/accounts');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45'); // window opened 15 s ago
    clock.advance(45_000);
    expect((await get(e, '/api/accounts')).status).toBe(200);
  });

  it('does not count throttled requests, and shares limits between keys of one account only', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now, apiKeys: [{ key: 'pk_a', account: 'ONE' }, { key: 'pk_b', account: 'ONE' }, { key: 'pk_c' }] });
    expect((await get(e, '/api/accounts', { key: 'pk_a' })).status).toBe(200);
    expect((await get(e, '/api/accounts', { key: 'pk_b' })).status).toBe(429);
    expect((await get(e, '/api/accounts', { key: 'pk_c' })).status).toBe(200);
    const stats = e.control.stats();
    expect(stats.accounts.ONE?.buckets.get_accounts).toMatchObject({ requests: 2, throttled: 1, limits: { burst: 1, steady: 15 } });
    expect(stats.accounts.ONE?.buckets.get_accounts?.accepted).toHaveLength(1);
  });

  it('charges profile_count on Get List to its own stricter bucket (1/s) on top of the endpoint\'s', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now });
    const id = e.control.seed({ lists: [{ name: 'L' }] }).lists[0]?.id ?? '';
    const counted = await get(e, `/api/lists/${id}?additional-fields[list]=profile_count`);
    expect(counted.status).toBe(200);
    expect(counted.headers.get('ratelimit-limit')).toBe('15');
    expect((await get(e, `/api/lists/${id}?additional-fields[list]=profile_count`)).status).toBe(429);
    expect((await get(e, `/api/lists/${id}`)).status).toBe(200);
    // stats() reports each bucket with its own limits, the per-parameter one included.
    const buckets = e.control.stats().accounts[Object.keys(e.control.stats().accounts)[0]!]?.buckets ?? {};
    expect(buckets['get_list+profile_count']).toMatchObject({ requests: 2, throttled: 1, limits: { burst: 1, steady: 15 } });
    expect(buckets.get_list?.limits).toEqual({ burst: 75, steady: 750 });
  });

  it('shortens the windows under a time scale and states seconds in emulated time', async () => {
    const e = await emulator({ timeScale: 20 }); // burst window 50 ms, steady 3 s
    expect((await get(e, '/api/accounts')).status).toBe(200);
    const refused = await get(e, '/api/accounts');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((r) => setTimeout(r, 60));
    const again = await get(e, '/api/accounts');
    expect(again.status).toBe(200);
    expect(Number(again.headers.get('ratelimit-reset'))).toBeGreaterThan(55);
    expect(Number(again.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
  });

  it('records accepted arrival times per bucket for the benchmark, and resets them', async () => {
    const e = await emulator();
    await get(e, '/api/lists');
    await get(e, '/api/lists');
    const bucket = Object.values(e.control.stats().accounts)[0]?.buckets.get_lists;
    expect(bucket?.accepted).toHaveLength(2);
    expect(bucket?.limits).toEqual({ burst: 75, steady: 750 });
    e.control.resetStats();
    expect(Object.values(e.control.stats().accounts)[0]?.buckets).toEqual({});
  });
});
