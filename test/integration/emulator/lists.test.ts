import { describe, expect, it } from 'vitest';
import { call, createListBody, emulator, get, manualClock, pageAll, post } from './helpers';

describe('emulator lists', () => {
  it('creates a list (201), reads, renames and deletes it', async () => {
    const e = await emulator();
    const created = await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'CSV Audience A', opt_in_process: 'single_opt_in' } } });
    expect(created.status).toBe(201);
    const list = created.one();
    expect(list.id).toMatch(/^[A-Za-z0-9]{6}$/);
    expect(list.attributes).toMatchObject({ name: 'CSV Audience A', opt_in_process: 'single_opt_in' });
    expect(String(list.attributes.created)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(list.links?.self).toBe(`https://a.klaviyo.com/api/lists/${list.id}/`);

    const read = await get(e, `/api/lists/${list.id}`);
    expect(read.one().attributes.name).toBe('CSV Audience A');

    const renamed = await call(e, 'PATCH', `/api/lists/${list.id}`, { body: { data: { type: 'list', id: list.id, attributes: { name: 'Renamed' } } } });
    expect(renamed.status).toBe(200);
    expect(renamed.one().attributes.name).toBe('Renamed');

    const deleted = await call(e, 'DELETE', `/api/lists/${list.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await get(e, `/api/lists/${list.id}`);
    expect(gone.status).toBe(404);
    expect(gone.errors[0]?.code).toBe('not_found');
  });

  it('refuses a PATCH whose body names another list (409)', async () => {
    const e = await emulator();
    const id = (await post(e, '/api/lists', createListBody('A'))).one().id;
    const res = await call(e, 'PATCH', `/api/lists/${id}`, { body: { data: { type: 'list', id: 'ZZZZZZ', attributes: { name: 'B' } } } });
    expect(res.status).toBe(409);
  });

  it('answers 404 not_found for an unknown list id on every list route', async () => {
    const e = await emulator();
    for (const [method, path] of [['GET', '/api/lists/NOPE42'], ['DELETE', '/api/lists/NOPE42'], ['GET', '/api/lists/NOPE42/profiles']] as const) {
      const res = await call(e, method, path);
      expect(res.status).toBe(404);
      expect(res.errors[0]?.detail).toContain('NOPE42');
    }
  });

  it('rejects a blank or missing name with a pointer', async () => {
    const e = await emulator();
    const blank = await post(e, '/api/lists', createListBody('   '));
    expect(blank.status).toBe(400);
    expect(blank.errors[0]?.source).toEqual({ pointer: '/data/attributes/name' });
    const missing = await post(e, '/api/lists', { data: { type: 'list', attributes: {} } });
    expect(missing.status).toBe(400);
    expect(missing.errors[0]?.source).toEqual({ pointer: '/data/attributes/name' });
  });

  it('pages lists 10 at a time and filters by name (equals, any, + as space) and id', async () => {
    const e = await emulator();
    e.control.seed({ lists: Array.from({ length: 23 }, (_, i) => ({ name: `List ${i}` })) });
    const all = await pageAll(e, '/api/lists');
    expect(all).toHaveLength(23);
    const first = await get(e, '/api/lists');
    expect(first.many()).toHaveLength(10);
    expect(first.links.next).toMatch(/^https:\/\/a\.klaviyo\.com\/api\/lists\/\?page%5Bcursor%5D=/);
    expect(first.links.prev).toBeNull();
    expect((await get(e, '/api/lists?page[size]=11')).status).toBe(400);

    const plus = await get(e, '/api/lists?filter=equals(name,%22List+7%22)');
    expect(plus.many().map((l) => l.attributes.name)).toEqual(['List 7']);
    const listForm = await get(e, `/api/lists?filter=${encodeURIComponent('equals(name,["List 8"])')}`);
    expect(listForm.many().map((l) => l.attributes.name)).toEqual(['List 8']);
    const any = await get(e, `/api/lists?filter=${encodeURIComponent('any(name,["List 1","List 2","nope"])')}`);
    expect(any.many().map((l) => l.attributes.name).sort()).toEqual(['List 1', 'List 2']);
    const id = all[5]?.id ?? '';
    const byId = await get(e, `/api/lists?filter=${encodeURIComponent(`equals(id,"${id}")`)}`);
    expect(byId.many().map((l) => l.id)).toEqual([id]);
    const anyId = await get(e, `/api/lists?filter=${encodeURIComponent(`any(id,["${id}"])`)}`);
    expect(anyId.many()).toHaveLength(1);
  });

  it('rejects a filter on an unknown field or with a bad operator, naming the filter parameter', async () => {
    const e = await emulator();
    const field = await get(e, `/api/lists?filter=${encodeURIComponent('equals(nme,"x")')}`);
    expect(field.status).toBe(400);
    expect(field.errors[0]?.source).toEqual({ parameter: 'filter' });
    const op = await get(e, `/api/lists?filter=${encodeURIComponent('greater-than(name,"x")')}`);
    expect(op.status).toBe(400);
    const syntax = await get(e, `/api/lists?filter=${encodeURIComponent('equals(name,"x"')}`);
    expect(syntax.status).toBe(400);
  });

  it('sorts lists by name in either direction and pages back with links.prev', async () => {
    const e = await emulator();
    e.control.seed({ lists: ['b', 'd', 'a', 'c', 'e', 'g', 'f', 'h', 'j', 'i', 'k', 'l'].map((name) => ({ name })) });
    const desc = await pageAll(e, '/api/lists?sort=-name');
    expect(desc.map((l) => l.attributes.name)).toEqual(['l', 'k', 'j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a']);
    const first = await get(e, '/api/lists?sort=name&page[size]=5');
    const second = await get(e, first.links.next ?? '');
    expect(second.many().map((l) => l.attributes.name)).toEqual(['f', 'g', 'h', 'i', 'j']);
    const back = await get(e, second.links.prev ?? '');
    expect(back.many().map((l) => l.attributes.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(back.links.prev).toBeNull();
  });

  it('returns profile_count only when asked, and applies fields[list]', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'Counted', members: 7 }] });
    const id = seeded.lists[0]?.id ?? '';
    const plain = await get(e, `/api/lists/${id}`);
    expect(plain.one().attributes).not.toHaveProperty('profile_count');
    const counted = await get(e, `/api/lists/${id}?additional-fields[list]=profile_count`);
    expect(counted.one().attributes.profile_count).toBe(7);
    const sparse = await get(e, '/api/lists?fields[list]=name');
    expect(Object.keys(sparse.many()[0]?.attributes ?? {})).toEqual(['name']);
  });

  it('answers 429 after 150 list creations in a day, with Retry-After until the day window ends', async () => {
    const clock = manualClock();
    const e = await emulator({ now: clock.now });
    for (let i = 0; i < 150; i += 1) {
      if (i % 10 === 0) clock.advance(1001); // stay inside the 10/s burst limit
      expect((await post(e, '/api/lists', createListBody(`Daily ${i}`))).status).toBe(201);
    }
    clock.advance(61_000); // a fresh steady window: only the daily one is full
    const refused = await post(e, '/api/lists', createListBody('One too many'));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(86_400 - 80);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(refused.errors[0]?.detail).toContain('daily');
    expect(refused.errors[0]?.detail).toContain(`Expected available in ${retryAfter} seconds.`);
    expect(refused.headers.get('ratelimit-limit')).toBeNull();
    clock.advance(retryAfter * 1000);
    expect((await post(e, '/api/lists', createListBody('Next day'))).status).toBe(201);
  });

  it('refuses a new list when lists and segments reach 1,000, with the documented body', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: Array.from({ length: 990 }, (_, i) => ({ name: `L${i}` })), segments: 10 });
    const refused = await post(e, '/api/lists', createListBody('Over the cap'));
    expect(refused.status).toBe(400);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({
      code: 'invalid',
      title: 'Invalid input.',
      detail: 'This account has reached the limit of 1000 lists and segments. Delete lists or segments you no longer need, then try again.',
      source: { pointer: '/data' },
      meta: { limit: 1000, count: 1000 },
    });
    const segments = await pageAll(e, '/api/segments');
    expect(segments).toHaveLength(10);
    expect((await call(e, 'DELETE', `/api/lists/${seeded.lists[0]?.id ?? ''}`)).status).toBe(204);
    expect((await post(e, '/api/lists', createListBody('Fits again'))).status).toBe(201);
  });
});
