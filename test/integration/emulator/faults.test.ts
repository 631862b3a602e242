import { describe, expect, it } from 'vitest';
import { createListBody, emulator, get, KEY, post } from './helpers';

describe('emulator fault injection', () => {
  it('fails the next N requests with the given 5xx, then recovers', async () => {
    const e = await emulator();
    e.control.failNext(2, 503);
    const a = await get(e, '/api/lists');
    expect(a.status).toBe(503);
    expect(a.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(a.errors[0]?.status).toBe(503);
    expect((await get(e, '/api/lists')).status).toBe(503);
    expect((await get(e, '/api/lists')).status).toBe(200);
    e.control.failNext(1, 503, { retryAfter: 2 });
    expect((await get(e, '/api/lists')).headers.get('retry-after')).toBe('2');
  });

  it('serves an HTML page for 502 and 504, like an edge proxy', async () => {
    const e = await emulator();
    e.control.failNext(1, 502);
    const res = await fetch(`${e.url}/api/lists`, { headers: { Authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15' } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('<html>');
  });

  it('restricts a fault to a path prefix and method', async () => {
    const e = await emulator();
    e.control.failNext(1, 500, { pathPrefix: '/api/profile-import', method: 'POST' });
    expect((await get(e, '/api/lists')).status).toBe(200);
    expect((await post(e, '/api/profile-import', { data: { type: 'profile', attributes: { email: 'a@example.com' } } })).status).toBe(500);
  });

  it('drops connections without a response, before or after the request takes effect', async () => {
    const e = await emulator();
    e.control.dropNext(1);
    await expect(post(e, '/api/lists', createListBody('Lost'))).rejects.toThrow();
    expect(e.control.state().accounts[0]?.lists).toEqual([]);

    e.control.dropNext(1, { phase: 'after' });
    await expect(post(e, '/api/lists', createListBody('Made but unanswered'))).rejects.toThrow();
    expect(e.control.state().accounts[0]?.lists.map((l) => l.name)).toEqual(['Made but unanswered']);
    expect((await get(e, '/api/lists')).status).toBe(200);
  });

  it('answers every request 429 during a throttle storm, with Retry-After covering the rest of it', async () => {
    const e = await emulator({ timeScale: 10 });
    e.control.throttleStorm(300);
    const res = await get(e, '/api/lists');
    expect(res.status).toBe(429);
    expect(res.errors[0]?.code).toBe('throttled');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    expect(Number(res.headers.get('retry-after'))).toBe(3); // 0.3 real s × 10
    await new Promise((r) => setTimeout(r, 320));
    expect((await get(e, '/api/lists')).status).toBe(200);
    const faults = Object.values(e.control.stats().accounts)[0]?.faults;
    expect(faults?.storm).toBe(1);
  });

  it('delays the next N responses, so a later request overtakes them', async () => {
    const e = await emulator();
    e.control.slowNext(1, 400);
    const order: string[] = [];
    const slow = get(e, '/api/lists').then((r) => order.push(`slow ${r.status}`));
    await new Promise((r) => setTimeout(r, 20));
    const fast = get(e, '/api/lists').then((r) => order.push(`fast ${r.status}`));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast 200', 'slow 200']);
  });

  it('runs the same controls over POST /__emulator/control from another process', async () => {
    const e = await emulator();
    const control = (action: string, args: unknown[]) => fetch(`${e.url}/__emulator/control`, { method: 'POST', body: JSON.stringify({ action, args }) });
    expect((await control('failNext', [1, 500])).status).toBe(200);
    expect((await get(e, '/api/lists')).status).toBe(500);
    expect((await control('addKey', ['pk_added', { account: 'NEW001' }])).status).toBe(200);
    expect((await get(e, '/api/lists', { key: 'pk_added' })).status).toBe(200);
    expect((await control('revokeKey', ['pk_added'])).status).toBe(200);
    expect((await get(e, '/api/lists', { key: 'pk_added' })).status).toBe(401);
    const seeded = await (await control('seed', [{ account: 'NEW001', lists: [{ name: 'Remote', members: 3 }] }])).json() as { result: { lists: unknown[] } };
    expect(seeded.result.lists).toHaveLength(1);
    expect((await control('noSuchAction', [])).status).toBe(400);
    expect((await control('revokeKey', ['pk_unknown'])).status).toBe(400);
  });
});
