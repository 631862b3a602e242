import { describe, expect, it } from 'vitest';
import { call, createListBody, emulator, get, KEY, post } from './helpers';

describe('emulator authentication, scopes and request headers', () => {
  it('answers 401 not_authenticated with Klaviyo\'s body for a missing header, another scheme, and an unknown key', async () => {
    const e = await emulator();
    const missing = await get(e, '/api/lists', { key: null });
    const bearer = await get(e, '/api/lists', { key: null, headers: { Authorization: `Bearer ${KEY}` } });
    const unknown = await get(e, '/api/lists', { key: 'pk_not_a_key_we_know' });
    for (const res of [missing, bearer, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
      expect(res.errors[0]).toMatchObject({
        status: 401,
        code: 'not_authenticated',
        title: 'Authentication credentials were not provided.',
        detail: 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.',
      });
      expect(res.errors[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never echoes the API key in an error', async () => {
    const e = await emulator();
    const res = await get(e, '/api/lists', { key: 'pk_secret_value_12345' });
    expect(res.text).not.toContain('pk_secret_value_12345');
  });

  it('answers 403 permission_denied naming the missing scopes, before validating the body', async () => {
    const e = await emulator({ apiKeys: [{ key: 'pk_read', scopes: ['lists:read', 'profiles:read'] }] });
    const probe = await post(e, '/api/lists', {}, { key: 'pk_read' });
    expect(probe.status).toBe(403);
    expect(probe.errors[0]).toMatchObject({ code: 'permission_denied', meta: { missing_scopes: ['lists:write'] } });
    expect(probe.errors[0]?.detail).toContain('lists:write');
    const accounts = await get(e, '/api/accounts', { key: 'pk_read' });
    expect(accounts.status).toBe(403);
    expect(accounts.errors[0]?.detail).toContain('accounts:read');
    expect((await get(e, '/api/lists', { key: 'pk_read' })).status).toBe(200);
  });

  it('lets a key with the write scope probe with an invalid body and get 400 without changing anything', async () => {
    const e = await emulator({ apiKeys: [{ key: 'pk_rw', scopes: ['lists:write'] }] });
    const probe = await post(e, '/api/lists', {}, { key: 'pk_rw' });
    expect(probe.status).toBe(400);
    expect(e.control.state().accounts[0]?.lists).toEqual([]);
  });

  it('treats full access to a category as including read access', async () => {
    const e = await emulator({ apiKeys: [{ key: 'pk_w', scopes: ['lists:write'] }] });
    expect((await get(e, '/api/lists', { key: 'pk_w' })).status).toBe(200);
  });

  it('revokes a key at once, or after a given number of further requests', async () => {
    const e = await emulator({ apiKeys: [{ key: 'pk_a' }, { key: 'pk_b' }] });
    expect((await get(e, '/api/lists', { key: 'pk_a' })).status).toBe(200);
    e.control.revokeKey('pk_a');
    expect((await get(e, '/api/lists', { key: 'pk_a' })).status).toBe(401);

    e.control.revokeKeyAfter('pk_b', 2);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(e, '/api/lists', { key: 'pk_b' })).status);
    expect(statuses).toEqual([200, 200, 401, 401]);
  });

  it('shares data between keys of one account and keeps other accounts apart', async () => {
    const e = await emulator({ apiKeys: [{ key: 'pk_1', account: 'ACME01' }, { key: 'pk_2', account: 'ACME01' }, { key: 'pk_3' }] });
    const created = await post(e, '/api/lists', createListBody('Shared'), { key: 'pk_1' });
    expect(created.status).toBe(201);
    expect((await get(e, `/api/lists/${created.one().id}`, { key: 'pk_2' })).status).toBe(200);
    expect((await get(e, `/api/lists/${created.one().id}`, { key: 'pk_3' })).status).toBe(404);
    const account = await get(e, '/api/accounts', { key: 'pk_2' });
    expect(account.many()[0]?.id).toBe('ACME01');
  });

  it('requires the revision header and checks its format', async () => {
    const e = await emulator();
    const missing = await get(e, '/api/lists', { revision: null });
    expect(missing.status).toBe(400);
    expect(missing.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'revision' } });
    const malformed = await get(e, '/api/lists', { revision: 'July 2026' });
    expect(malformed.status).toBe(400);
    expect(malformed.errors[0]?.source).toEqual({ parameter: 'revision' });
  });

  it('accepts application/json and application/vnd.api+json bodies and refuses other media types with 415', async () => {
    const e = await emulator();
    expect((await call(e, 'POST', '/api/lists', { body: createListBody('A'), contentType: 'application/json' })).status).toBe(201);
    expect((await call(e, 'POST', '/api/lists', { body: createListBody('B'), contentType: 'application/vnd.api+json' })).status).toBe(201);
    expect((await call(e, 'POST', '/api/lists', { body: createListBody('C'), contentType: 'application/json; charset=utf-8' })).status).toBe(201);
    const text = await call(e, 'POST', '/api/lists', { rawBody: 'name=C', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.errors[0]?.code).toBe('unsupported_media_type');
  });

  it('answers 400 parse_error for a body that is not JSON', async () => {
    const e = await emulator();
    const res = await call(e, 'POST', '/api/lists', { rawBody: '{"data": ', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe('parse_error');
  });

  it('answers 413 for a body over 5 MB', async () => {
    const e = await emulator();
    const res = await call(e, 'POST', '/api/profile-bulk-import-jobs', { rawBody: `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}` });
    expect(res.status).toBe(413);
    expect(res.errors[0]?.code).toBe('payload_too_large');
  });

  it('tells an unknown path (404), a wrong method (405) and an operation the emulator lacks (501) apart', async () => {
    const e = await emulator();
    expect((await get(e, '/api/no-such-thing')).status).toBe(404);
    const wrong = await call(e, 'PUT', '/api/lists');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
    const lacking = await get(e, '/api/campaigns');
    expect(lacking.status).toBe(501);
  });
});
