import { describe, expect, it } from 'vitest';
import { emulator, get, post } from './helpers';

function importBody(attributes: Record<string, unknown>, id?: string): unknown {
  return { data: { type: 'profile', ...(id ? { id } : {}), attributes } };
}

describe('emulator profiles and identity resolution', () => {
  it('creates a profile (201) and updates it by any identifier (200), leaving fields not given unchanged', async () => {
    const e = await emulator();
    const created = await post(e, '/api/profile-import', importBody({ email: 'sarah@example.com', first_name: 'Sarah', properties: { plan: 'gold' } }));
    expect(created.status).toBe(201);
    const id = created.one().id;
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const byEmail = await post(e, '/api/profile-import', importBody({ email: 'SARAH@example.com', external_id: 'crm-1', properties: { tier: 2 } }));
    expect(byEmail.status).toBe(200);
    expect(byEmail.one().id).toBe(id);
    expect(byEmail.one().attributes).toMatchObject({ first_name: 'Sarah', external_id: 'crm-1', properties: { plan: 'gold', tier: 2 } });

    const byExternal = await post(e, '/api/profile-import', importBody({ external_id: 'crm-1', phone_number: '+12065550100', last_name: 'Mason' }));
    expect(byExternal.status).toBe(200);
    expect(byExternal.one().attributes).toMatchObject({ email: 'sarah@example.com', phone_number: '+12065550100', last_name: 'Mason' });

    const cleared = await post(e, '/api/profile-import', importBody({ email: 'sarah@example.com', last_name: null }));
    expect(cleared.one().attributes.last_name).toBeNull();
  });

  it('answers 409 duplicate_profile with the other profile\'s id when identifiers point at two profiles', async () => {
    const e = await emulator();
    const a = (await post(e, '/api/profile-import', importBody({ email: 'a@example.com' }))).one().id;
    const b = (await post(e, '/api/profile-import', importBody({ email: 'b@example.com', phone_number: '+12065550101' }))).one().id;
    const clash = await post(e, '/api/profile-import', importBody({ email: 'a@example.com', phone_number: '+12065550101' }));
    expect(clash.status).toBe(409);
    expect(clash.errors[0]).toMatchObject({
      code: 'duplicate_profile',
      title: 'Conflict.',
      detail: 'A profile already exists with one of these identifiers.',
      source: { pointer: '/data/attributes' },
      meta: { duplicate_profile_id: b },
    });
    expect(a).not.toBe(b);
  });

  it('answers 409 when the email differs from the email of the profile found by phone or external id', async () => {
    const e = await emulator();
    const existing = (await post(e, '/api/profile-import', importBody({ email: 'old@example.com', external_id: 'crm-9' }))).one().id;
    const res = await post(e, '/api/profile-import', importBody({ email: 'new@example.com', external_id: 'crm-9' }));
    expect(res.status).toBe(409);
    expect(res.errors[0]?.meta.duplicate_profile_id).toBe(existing);
  });

  it('validates email, E.164 phone and attribute names with Klaviyo\'s messages and pointers', async () => {
    const e = await emulator();
    const email = await post(e, '/api/profile-import', importBody({ email: 'not-an-email' }));
    expect(email.status).toBe(400);
    expect(email.errors[0]).toMatchObject({ code: 'invalid', title: 'Invalid input.', detail: 'Invalid email address', source: { pointer: '/data/attributes/email' } });
    for (const phone of ['2065550100', '+1 206 555 0100', '+1206555010', '+999123']) {
      const res = await post(e, '/api/profile-import', importBody({ email: 'ok@example.com', phone_number: phone }));
      expect(res.status, phone).toBe(400);
      expect(res.errors[0]?.detail).toBe('Invalid phone number format (Example of a valid format: +12345678901)');
      expect(res.errors[0]?.source.pointer).toBe('/data/attributes/phone_number');
    }
    const unknown = await post(e, '/api/profile-import', importBody({ email: 'ok@example.com', favourite_colour: 'blue' }));
    expect(unknown.status).toBe(400);
    expect(unknown.errors[0]).toMatchObject({
      detail: "'favourite_colour' is not a valid field for the resource 'profile'.",
      source: { pointer: '/data/attributes/favourite_colour' },
    });
    const none = await post(e, '/api/profile-import', importBody({ first_name: 'Nobody' }));
    expect(none.status).toBe(400);
  });

  it('applies the same validation without strict mode', async () => {
    const e = await emulator({ strict: false });
    const res = await post(e, '/api/profile-import', importBody({ email: 'ok@example.com', phone_number: '555', nickname: 'x' }));
    expect(res.status).toBe(400);
    expect(res.errors.map((err) => err.source.pointer).sort()).toEqual(['/data/attributes/nickname', '/data/attributes/phone_number']);
  });

  it('finds profiles by email, phone number, external id and id with equals and any', async () => {
    const e = await emulator();
    const seeded = e.control.seed({ profiles: [
      { email: 'p1@example.com', external_id: 'x1' },
      { email: 'p2@example.com', phone_number: '+447911123456' },
      { email: 'p3@example.com', external_id: 'x3' },
    ] });
    const q = (filter: string) => get(e, `/api/profiles?filter=${encodeURIComponent(filter)}`);
    expect((await q('equals(email,"p2@example.com")')).many().map((p) => p.id)).toEqual([seeded.profiles[1]]);
    expect((await q('equals(phone_number,"+447911123456")')).many().map((p) => p.id)).toEqual([seeded.profiles[1]]);
    expect((await q('any(external_id,["x1","x3","x9"])')).many().map((p) => p.id)).toEqual([seeded.profiles[0], seeded.profiles[2]]);
    expect((await q(`equals(id,"${seeded.profiles[2] ?? ''}")`)).many().map((p) => p.attributes.email)).toEqual(['p3@example.com']);
    expect((await q('equals(email,"nobody@example.com")')).many()).toEqual([]);
    expect((await get(e, `/api/profiles/${seeded.profiles[0] ?? ''}`)).one().attributes.external_id).toBe('x1');
  });

  it('pages through every profile with a stable cursor', async () => {
    const e = await emulator();
    e.control.seed({ lists: [{ name: 'L', members: 250 }] });
    const ids: string[] = [];
    let next: string | null = '/api/profiles?page[size]=100';
    while (next) {
      const page = await get(e, next);
      ids.push(...page.many().map((p) => p.id));
      next = page.links.next;
    }
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort()).toEqual(ids); // ULIDs sort in creation order
  });
});
