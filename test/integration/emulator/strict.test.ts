import { describe, expect, it } from 'vitest';
import { call, emulator, get, post } from './helpers';

describe('emulator strict mode (requests checked against the OpenAPI spec)', () => {
  it('refuses an unknown query parameter, naming it', async () => {
    const e = await emulator();
    const res = await get(e, '/api/lists?page[limit]=5');
    expect(res.status).toBe(400);
    expect(res.errors[0]?.source).toEqual({ parameter: 'page[limit]' });
  });

  it('refuses values outside a parameter\'s enum with Klaviyo\'s wording', async () => {
    const e = await emulator();
    const include = await get(e, '/api/lists?include=profiless');
    expect(include.status).toBe(400);
    expect(include.errors[0]).toMatchObject({
      detail: "'profiless' is not an allowed include parameter for this resource.",
      source: { parameter: 'include' },
    });
    const sort = await get(e, '/api/lists?sort=size');
    expect(sort.status).toBe(400);
    const fields = await get(e, '/api/lists?fields[list]=name,colour');
    expect(fields.errors[0]?.detail).toBe("'colour' is not a valid field for the resource 'list'.");
  });

  it('refuses a body that does not match the request schema, with pointers', async () => {
    const e = await emulator();
    const wrongType = await post(e, '/api/lists', { data: { type: 'lists', attributes: { name: 'x' } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors[0]?.source).toEqual({ pointer: '/data/type' });
    const extra = await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'x', colour: 'red' } } });
    expect(extra.errors[0]).toMatchObject({ detail: "'colour' is not a valid field for the resource 'list'.", source: { pointer: '/data/attributes/colour' } });
    const enumValue = await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'x', opt_in_process: 'triple' } } });
    expect(enumValue.errors[0]?.source).toEqual({ pointer: '/data/attributes/opt_in_process' });
    const nullable = await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'x', opt_in_process: null } } });
    expect(nullable.status).toBe(201);
    const members = await post(e, `/api/lists/${nullable.one().id}/relationships/profiles`, { data: [{ type: 'profile' }] });
    expect(members.errors[0]?.source).toEqual({ pointer: '/data/0/id' });
  });

  it('accepts OpenAPI nullable fields and number-or-string coordinates', async () => {
    const e = await emulator();
    const res = await post(e, '/api/profile-import', { data: { type: 'profile', id: null, attributes: {
      email: 'geo@example.com', first_name: null, location: { latitude: 40.7, longitude: '-74.0', city: null },
    } } });
    expect(res.status).toBe(201);
    const badLocation = await post(e, '/api/profile-import', { data: { type: 'profile', attributes: { email: 'geo@example.com', location: { latitude: true } } } });
    expect(badLocation.status).toBe(400);
    expect(badLocation.errors[0]?.source.pointer).toBe('/data/attributes/location/latitude');
  });

  it('only implements the spec\'s revision in strict mode', async () => {
    const e = await emulator();
    expect((await get(e, '/api/lists', { revision: '2025-10-15' })).status).toBe(400);
    const lenient = await emulator({ strict: false });
    expect((await get(lenient, '/api/lists', { revision: '2025-10-15' })).status).toBe(200);
  });

  it('lets unknown parameters and extra body fields through when strict mode is off', async () => {
    const e = await emulator({ strict: false });
    expect((await get(e, '/api/lists?page[limit]=5')).status).toBe(200);
    expect((await post(e, '/api/lists', { data: { type: 'list', attributes: { name: 'x', colour: 'red' } } })).status).toBe(201);
    // Klaviyo's own checks still apply.
    expect((await get(e, '/api/lists?page[size]=50')).status).toBe(400);
    expect((await call(e, 'POST', '/api/lists', { rawBody: 'x', contentType: 'text/plain' })).status).toBe(415);
  });
});
