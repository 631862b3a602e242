import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient, createRateLimiter } from '../../../electron/core/klaviyo/index';
import { collect, failure, newKey, startHarness, TIME_SCALE, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function bucket(harness: Harness, name: string) {
  return harness.emulator.control.stats().accounts.ACC1?.buckets[name];
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 9;
}

describe('keys and scopes', () => {
  it('reports INVALID_CREDENTIALS for a key Klaviyo does not know', async () => {
    h = await startHarness();
    const stranger = h.client({ apiKey: newKey() });
    expect(AppError.is(await failure(() => stranger.getAccount()), 'INVALID_CREDENTIALS')).toBe(true);
    expect(AppError.is(await failure(() => stranger.checkKey()), 'INVALID_CREDENTIALS')).toBe(true);
  });

  it('reports MISSING_SCOPE with the scopes an operation needs', async () => {
    h = await startHarness({ scopes: ['accounts:read', 'lists:read', 'profiles:read'] });
    const error = await failure(() => h.client().createList('Nope'));
    expect(AppError.is(error, 'MISSING_SCOPE')).toBe(true);
    expect((error as AppError).details?.scopes).toBe('lists:write');
    expect((error as AppError).action?.kind).toBe('add_scope');
  });

  it('checks a key’s scopes without changing anything', async () => {
    h = await startHarness({ scopes: ['accounts:read', 'lists:read', 'profiles:read'] });
    const check = await h.client().checkKey();
    expect(check).toEqual({ accountId: 'ACC1', accountName: 'Test Shop', missingScopes: ['lists:write', 'profiles:write'] });
    const state = h.emulator.control.state().accounts[0];
    expect(state?.lists).toEqual([]);
    expect(state?.profile_count).toBe(0);
    expect(bucket(h, 'create_list')?.requests ?? 0).toBe(0);
  });

  it('finds every required scope on a full key', async () => {
    h = await startHarness();
    expect(await h.client().checkKey()).toEqual({ accountId: 'ACC1', accountName: 'Test Shop', missingScopes: [] });
    expect(h.emulator.control.state().accounts[0]?.profile_count).toBe(0);
  });

  it('names no account when the key may not read it', async () => {
    h = await startHarness({ scopes: ['lists:read', 'lists:write', 'profiles:read', 'profiles:write'] });
    expect(await h.client().checkKey()).toEqual({ accountId: null, accountName: null, missingScopes: ['accounts:read'] });
  });

  it('stops with INVALID_CREDENTIALS when the key is revoked mid-way, without retrying', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Big', members: 5000 }] }).lists;
    h.emulator.control.revokeKeyAfter(h.key, 20);
    const client = h.client();
    const read: string[] = [];
    const error = await failure(async () => {
      for await (const member of client.iterateMembers(list?.id ?? '')) read.push(member.id);
    });
    expect(AppError.is(error, 'INVALID_CREDENTIALS')).toBe(true);
    expect(read).toHaveLength(2000);
    expect(bucket(h, 'get_profiles_for_list')?.requests).toBeLessThanOrEqual(21);
  });
});

describe('server failures and lost connections', () => {
  it('rides out a burst of 5xx (JSON and HTML) on reads', async () => {
    h = await startHarness();
    h.emulator.control.seed({ lists: Array.from({ length: 30 }, (_, i) => ({ name: `L${i}` })) });
    h.emulator.control.failNext(3, 503);
    h.emulator.control.failNext(2, 502);
    const lists = await collect(h.client().iterateLists());
    expect(lists).toHaveLength(30);
  });

  it('gives up with SERVER_ERROR after maxAttempts when the failures go on', async () => {
    h = await startHarness();
    h.emulator.control.failNext(20, 500);
    const error = await failure(() => h.client({ maxAttempts: 4 }).getAccount());
    expect(AppError.is(error, 'SERVER_ERROR')).toBe(true);
    expect((error as AppError).details?.attempts).toBe(4);
  });

  it('reads through dropped connections', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Drops', members: 1000 }] }).lists;
    h.emulator.control.dropNext(3, { pathPrefix: '/api/lists/' });
    const members = await collect(h.client().iterateMembers(list?.id ?? ''));
    expect(new Set(members.map((m) => m.id)).size).toBe(1000);
  });

  it('creates exactly one list when the answer to the create is lost after Klaviyo made it', async () => {
    h = await startHarness();
    h.emulator.control.seed({ lists: [{ name: 'Weekly' }] });
    h.emulator.control.dropNext(1, { pathPrefix: '/api/lists', method: 'POST', phase: 'after' });
    const created = await h.client().createList('Weekly');
    const named = h.emulator.control.state().accounts[0]?.lists.filter((l) => l.name === 'Weekly') ?? [];
    // The pre-existing "Weekly" plus ours: the lost answer did not make a third.
    expect(named).toHaveLength(2);
    expect(named.map((l) => l.id)).toContain(created.id);
  });

  it('creates the list when the connection dropped before Klaviyo acted on it', async () => {
    h = await startHarness();
    h.emulator.control.dropNext(1, { pathPrefix: '/api/lists', method: 'POST', phase: 'before' });
    const created = await h.client().createList('Monthly');
    expect(h.emulator.control.state().accounts[0]?.lists.map((l) => l.id)).toEqual([created.id]);
  });

  it('does not resend a bulk import whose answer was lost, and says the outcome is unknown', async () => {
    h = await startHarness();
    h.emulator.control.dropNext(1, { pathPrefix: '/api/profile-bulk-import-jobs', method: 'POST', phase: 'after' });
    const error = await failure(() => h.client().createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(AppError.is(error, 'NETWORK_ERROR')).toBe(true);
    expect((error as AppError).details?.ambiguous).toBe(true);
    expect(h.emulator.control.state().accounts[0]?.jobs).toHaveLength(1);
    expect(bucket(h, 'profile-bulk-import-jobs')?.requests).toBe(1);
  });

  it('retries a refused connection (nothing was sent) and then says NETWORK_ERROR, not ambiguous', async () => {
    const port = await closedPort();
    const client = createKlaviyoClient({ apiKey: newKey(), baseUrl: `http://127.0.0.1:${port}`, timeScale: TIME_SCALE, maxAttempts: 3, backoff: { baseMs: 50, capMs: 100 } });
    const error = await failure(() => client.createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(AppError.is(error, 'NETWORK_ERROR')).toBe(true);
    expect((error as AppError).details).toMatchObject({ ambiguous: false, attempts: 3, systemCode: 'ECONNREFUSED' });
  });

  it('times out a slow answer and retries a read', async () => {
    h = await startHarness();
    h.emulator.control.slowNext(1, 3000);
    const account = await h.client({ requestTimeoutMs: 300 }).getAccount();
    expect(account.id).toBe('ACC1');
  });

  it('reports TIMEOUT for a slow bulk import without resending it', async () => {
    h = await startHarness();
    h.emulator.control.slowNext(1, 800, { pathPrefix: '/api/profile-bulk-import-jobs' });
    const error = await failure(() => h.client({ requestTimeoutMs: 200 }).createBulkImportJob({ profiles: [{ email: 'a@example.com' }] }));
    expect(AppError.is(error, 'TIMEOUT')).toBe(true);
    expect((error as AppError).details?.ambiguous).toBe(true);
    // The slow request still lands after its delay: one job, never two.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.emulator.control.state().accounts[0]?.jobs).toHaveLength(1);
    expect(bucket(h, 'profile-bulk-import-jobs')?.requests).toBe(1);
  });

  it('stops promptly with CANCELLED when a long read is cancelled', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Long', members: 20_000 }] }).lists;
    const controller = new AbortController();
    let read = 0;
    const error = await failure(async () => {
      for await (const _member of h.client().iterateMembers(list?.id ?? '', {}, { signal: controller.signal })) {
        read += 1;
        if (read === 500) controller.abort();
      }
    });
    expect(AppError.is(error, 'CANCELLED')).toBe(true);
    expect(read).toBeLessThan(1000);
  });
});

describe('rate limits shared with others', () => {
  it('rides out a 429 storm, honouring Retry-After, and finishes the work', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Storm', members: 3000 }] }).lists;
    const client = h.client();
    h.emulator.control.throttleStorm(400);
    const members = await collect(client.iterateMembers(list?.id ?? ''));
    expect(members).toHaveLength(3000);
    const stats = bucket(h, 'get_profiles_for_list');
    expect(stats?.throttled).toBeGreaterThan(0);
    // Retry-After holds the whole bucket: no hammering during the storm.
    expect(stats?.throttled).toBeLessThanOrEqual(6);
    expect(client.limiter.stats().get_profiles_for_list?.throttled).toBe(stats?.throttled);
  });

  it('reports RATE_LIMITED with Retry-After when the 429s outlast the attempts', async () => {
    h = await startHarness();
    h.emulator.control.throttleStorm(2000);
    const error = await failure(() => h.client({ maxAttempts: 1 }).listLists());
    expect(AppError.is(error, 'RATE_LIMITED')).toBe(true);
    expect(Number((error as AppError).details?.retryAfterSeconds)).toBeGreaterThan(0);
    expect((error as AppError).action?.kind).toBe('wait_until');
  });

  it('gives up at once, saying when to resume, when Klaviyo asks for a wait longer than a minute', async () => {
    h = await startHarness();
    // 5 real seconds at ×30 is a Retry-After of 150 emulated seconds.
    h.emulator.control.throttleStorm(5000);
    const before = Date.now();
    const error = await failure(() => h.client().listLists());
    expect(AppError.is(error, 'RATE_LIMITED')).toBe(true);
    const resetsAt = Date.parse(String((error as AppError).details?.resetsAt));
    expect(resetsAt - before).toBeGreaterThan(3000);
    expect(bucket(h, 'get_lists')?.requests).toBe(1);
  });

  it('shares one budget between all clients of a key: concurrent work causes no 429', async () => {
    h = await startHarness();
    const seeded = h.emulator.control.seed({
      lists: [{ name: 'A' }, { name: 'B' }],
      profiles: Array.from({ length: 3000 }, (_, i) => ({ email: `r${i}@example.com` })),
    });
    const [a, b] = [h.client(), h.client()];
    expect(a.limiter).toBe(b.limiter);
    const batches = Array.from({ length: 30 }, (_, i) => seeded.profiles.slice(i * 100, (i + 1) * 100));
    await Promise.all(batches.map((ids, i) => (i % 2 === 0 ? a : b).addToList(seeded.lists[i % 2 === 0 ? 0 : 1]?.id ?? '', ids)));
    await Promise.all(batches.map((ids, i) => (i % 2 === 0 ? b : a).removeFromList(seeded.lists[i % 2 === 0 ? 0 : 1]?.id ?? '', ids.slice(0, 50))));
    expect(bucket(h, 'add_profiles_to_list')).toMatchObject({ requests: 30, throttled: 0 });
    expect(bucket(h, 'remove_profiles_from_list')).toMatchObject({ requests: 30, throttled: 0 });
    const sizes = h.emulator.control.state().accounts[0]?.lists.map((l) => l.profile_count);
    expect(sizes).toEqual([750, 750]);
  });

  it('slows down when another app uses the same account, and still finishes', async () => {
    h = await startHarness();
    const seeded = h.emulator.control.seed({ lists: [{ name: 'Shared' }], profiles: Array.from({ length: 2000 }, (_, i) => ({ email: `s${i}@example.com` })) });
    const listId = seeded.lists[0]?.id ?? '';
    // The other app: same key, its own limiter (another process), using 100 of the 150 per minute.
    const other = h.client({ limiter: createRateLimiter({ timeScale: TIME_SCALE, marginMs: 1 }) });
    for (let i = 0; i < 100; i++) await other.addToList(listId, [seeded.profiles[i] ?? '']);
    const ours = h.client();
    const batches = Array.from({ length: 80 }, (_, i) => seeded.profiles.slice(i * 25, (i + 1) * 25));
    await Promise.all(batches.map((ids) => ours.addToList(listId, ids)));
    expect(h.emulator.control.state().accounts[0]?.lists[0]?.profile_count).toBe(2000);
    expect(ours.limiter.stats().add_profiles_to_list?.adaptations).toBeGreaterThan(0);
    // The other app's use only shows in answers: the first burst can meet a few 429s, but Retry-After
    // holds the bucket and the adapted limiter never storms (80 requests, at most a few refusals each
    // window).
    expect(bucket(h, 'add_profiles_to_list')?.throttled).toBeLessThan(40);
  });
});

describe('secrets', () => {
  it('never lets the key into errors or log lines, whatever fails', async () => {
    h = await startHarness({ scopes: ['accounts:read'] });
    const client = h.client({ maxAttempts: 2 });
    h.emulator.control.failNext(2, 502);
    const errors = [
      await failure(() => client.getAccount()),
      await failure(() => client.createList('x')),
      await failure(() => client.upsertProfile({ email: h.key })),
    ];
    h.emulator.control.revokeKey(h.key);
    errors.push(await failure(() => client.getAccount()));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      for (const text of [String((error as Error).message), (error as Error).stack ?? '', JSON.stringify((error as AppError).toData()), inspect(error, { depth: 10 })]) {
        expect(text).not.toContain(h.key);
      }
    }
    expect(h.logLines.length).toBeGreaterThan(0);
    expect(h.logLines.join('\n')).not.toContain(h.key);
  });
});
