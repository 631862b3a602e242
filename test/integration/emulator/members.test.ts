import { describe, expect, it } from 'vitest';
import { call, emulator, get, pageAll, post } from './helpers';

function ids(profileIds: string[]): unknown {
  return { data: profileIds.map((id) => ({ type: 'profile', id })) };
}

describe('emulator list members', () => {
  it('pages through 25,000 members completely, each exactly once, in join order', async () => {
    const e = await emulator({ timeScale: 100 });
    const seeded = e.control.seed({ lists: [{ name: 'Big', members: 25_000 }] });
    const list = seeded.lists[0];
    if (!list) throw new Error('seed failed');
    const members = await pageAll(e, `/api/lists/${list.id}/relationships/profiles?page[size]=100`);
    expect(members).toHaveLength(25_000);
    expect(members.map((m) => m.id)).toEqual(list.memberIds);
  });

  it('keeps paging stable while members are removed and added between pages', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'Moving', members: 300 }] });
    const list = seeded.lists[0];
    if (!list) throw new Error('seed failed');
    const seen: string[] = [];
    let next: string | null = `/api/lists/${list.id}/profiles?page[size]=50`;
    let round = 0;
    while (next) {
      const page = await get(e, next);
      const pageIds = page.many().map((p) => p.id);
      seen.push(...pageIds);
      // Remove everything already seen on this page, plus one member not yet reached.
      const ahead = list.memberIds[seen.length + 10];
      const remove = ahead ? [...pageIds, ahead] : pageIds;
      expect((await call(e, 'DELETE', `/api/lists/${list.id}/relationships/profiles`, { body: ids(remove) })).status).toBe(204);
      if (ahead) seen.push(ahead); // removed before we reach it: it must not show up
      round += 1;
      next = page.links.next;
    }
    expect(round).toBeGreaterThan(3);
    const expected = list.memberIds;
    const got = seen.filter((id, i) => seen.indexOf(id) === i);
    expect(new Set(got)).toEqual(new Set(expected));
    expect(seen.length).toBe(got.length); // nothing came twice
  });

  it('adds and removes members by profile id with 204, idempotently', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'Target' }], profiles: [{ email: 'a@example.com' }, { email: 'b@example.com' }] });
    const listId = seeded.lists[0]?.id ?? '';
    const path = `/api/lists/${listId}/relationships/profiles`;
    const added = await post(e, path, ids(seeded.profiles));
    expect(added.status).toBe(204);
    expect(added.text).toBe('');
    expect((await post(e, path, ids(seeded.profiles))).status).toBe(204);
    expect(e.control.state().accounts[0]?.lists[0]?.profile_count).toBe(2);
    expect((await call(e, 'DELETE', path, { body: ids([seeded.profiles[0] ?? '']) })).status).toBe(204);
    const state = e.control.state().accounts[0]?.lists[0];
    expect(state?.members.map((m) => m.email)).toEqual(['b@example.com']);
  });

  it('refuses unknown profile ids with one pointer each, and changes nothing', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'Target' }], profiles: [{ email: 'a@example.com' }] });
    const path = `/api/lists/${seeded.lists[0]?.id ?? ''}/relationships/profiles`;
    const res = await post(e, path, ids([seeded.profiles[0] ?? '', '01HZXNOTAREALPROFILE00000', '01HZXNOTAREALPROFILE00001']));
    expect(res.status).toBe(400);
    expect(res.errors.map((err) => err.source.pointer)).toEqual(['/data/1/id', '/data/2/id']);
    expect(e.control.state().accounts[0]?.lists[0]?.profile_count).toBe(0);
  });

  it('accepts at most 1000 profiles per call', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'Pool', members: 1001 }, { name: 'Target' }] });
    const pool = seeded.lists[0]?.memberIds ?? [];
    const path = `/api/lists/${seeded.lists[1]?.id ?? ''}/relationships/profiles`;
    const over = await post(e, path, ids(pool));
    expect(over.status).toBe(400);
    expect(over.errors[0]?.source.pointer).toBe('/data');
    expect((await post(e, path, ids(pool.slice(0, 1000)))).status).toBe(204);
  });

  it('filters members by email and phone number, with equals and any', async () => {
    const e = await emulator();
    const seeded = e.control.seed({
      lists: [{ name: 'Mixed', members: [
        { email: 'ann@example.com', phone_number: '+12065550100' },
        { email: 'bob@example.com' },
        { email: 'cy@example.com', phone_number: '+447911123456' },
      ] }],
      profiles: [{ email: 'outside@example.com' }],
    });
    const base = `/api/lists/${seeded.lists[0]?.id ?? ''}/profiles`;
    const byEmail = await get(e, `${base}?filter=${encodeURIComponent('equals(email,"BOB@example.com")')}`);
    expect(byEmail.many().map((p) => p.attributes.email)).toEqual(['bob@example.com']);
    const anyEmail = await get(e, `${base}?filter=${encodeURIComponent('any(email,["ann@example.com","outside@example.com"])')}`);
    expect(anyEmail.many().map((p) => p.attributes.email)).toEqual(['ann@example.com']);
    const byPhone = await get(e, `${base}?filter=${encodeURIComponent('equals(phone_number,"+447911123456")')}`);
    expect(byPhone.many().map((p) => p.attributes.email)).toEqual(['cy@example.com']);
    // An unencoded + in a query is a space, as on Klaviyo: the number does not match.
    const rawPlus = await get(e, `${base}?filter=equals(phone_number,"+447911123456")`);
    expect(rawPlus.many()).toEqual([]);
  });

  it('returns member attributes with joined_group_at, honours fields[profile] and sort', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ lists: [{ name: 'L', members: [{ email: 'one@example.com', first_name: 'One' }, { email: 'two@example.com' }] }] });
    const base = `/api/lists/${seeded.lists[0]?.id ?? ''}/profiles`;
    const full = await get(e, base);
    expect(full.many()[0]?.attributes).toMatchObject({ email: 'one@example.com', first_name: 'One' });
    expect(full.many()[0]?.attributes.joined_group_at).toMatch(/\+00:00$/);
    const sparse = await get(e, `${base}?fields[profile]=email`);
    expect(Object.keys(sparse.many()[0]?.attributes ?? {}).sort()).toEqual(['email', 'joined_group_at']);
    const desc = await get(e, `${base}?sort=-joined_group_at`);
    expect(desc.many().map((p) => p.attributes.email)).toEqual(['two@example.com', 'one@example.com']);
  });

  it('enforces page[size] between 1 and 100', async () => {
    const e = await emulator();
    const listId = e.control.seed({ lists: [{ name: 'L', members: 3 }] }).lists[0]?.id ?? '';
    for (const size of ['0', '101', 'ten']) {
      const res = await get(e, `/api/lists/${listId}/profiles?page[size]=${size}`);
      expect(res.status).toBe(400);
      expect(res.errors[0]?.source).toEqual({ parameter: 'page[size]' });
    }
    expect((await get(e, `/api/lists/${listId}/profiles?page[size]=100`)).status).toBe(200);
    const defaultSize = e.control.seed({ lists: [{ name: 'M', members: 25 }] }).lists[0]?.id ?? '';
    expect((await get(e, `/api/lists/${defaultSize}/profiles`)).many()).toHaveLength(20);
  });
  it('reads a join-time slice exactly, across pages, in both orders', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const e = await emulator({ now: () => clock });
    const created = e.control.seed({ lists: [{ name: 'Waves', members: 0 }] }).lists[0];
    if (!created) throw new Error('seed failed');
    // Five waves of 40 members, one minute apart.
    const waves: string[][] = [];
    for (let wave = 0; wave < 5; wave += 1) {
      const seeded = e.control.seed({ profiles: Array.from({ length: 40 }, (_, i) => ({ email: `w${wave}-${i}@example.com` })) });
      waves.push(seeded.profiles);
      expect((await call(e, 'POST', `/api/lists/${created.id}/relationships/profiles`, { body: ids(seeded.profiles) })).status).toBe(204);
      clock += 60_000;
    }
    const at = (wave: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + wave * 60_000).toISOString();
    const slice = `greater-or-equal(joined_group_at,${at(1)}),less-than(joined_group_at,${at(3)})`;
    const base = `/api/lists/${created.id}/relationships/profiles?page[size]=15&filter=${encodeURIComponent(slice)}`;
    const ascending = await pageAll(e, base);
    expect(ascending.map((m) => m.id)).toEqual([...(waves[1] ?? []), ...(waves[2] ?? [])]);
    const descending = await pageAll(e, `${base}&sort=-joined_group_at`);
    expect(descending.map((m) => m.id)).toEqual([...(waves[1] ?? []), ...(waves[2] ?? [])].reverse());
    const after = await pageAll(e, `/api/lists/${created.id}/relationships/profiles?page[size]=100&filter=${encodeURIComponent(`greater-than(joined_group_at,${at(3)})`)}`);
    expect(after.map((m) => m.id)).toEqual(waves[4]);
  });
});
