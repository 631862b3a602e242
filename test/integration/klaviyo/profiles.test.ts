import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { failure, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Waits (real time, briefly) until `check` holds: the emulator's jobs run on its own clock. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('profiles against the emulator', () => {
  it('finds profiles by emails (chunked past 100 values), phones and external ids', async () => {
    h = await startHarness();
    const people = Array.from({ length: 150 }, (_, i) => ({ email: `f${i}@example.com`, external_id: `crm-${i}`, phone_number: `+1206555${String(2000 + i)}` }));
    const ids = h.emulator.control.seed({ profiles: people }).profiles;
    const client = h.client();
    const byEmail = await client.findProfiles({ emails: [...people.map((p) => p.email), 'missing@example.com'] });
    expect(byEmail.map((p) => p.id).sort()).toEqual([...ids].sort());
    const byExternal = await client.findProfiles({ externalIds: ['crm-3', 'crm-4'] });
    expect(byExternal.map((p) => p.email).sort()).toEqual(['f3@example.com', 'f4@example.com']);
    const byPhone = await client.findProfiles({ phones: [people[9]?.phone_number ?? ''] });
    expect(byPhone).toEqual([{ id: ids[9], email: 'f9@example.com', phone: people[9]?.phone_number, externalId: 'crm-9' }]);
    expect(AppError.is(await failure(() => client.findProfiles({ emails: ['a@example.com'], phones: ['+12065550100'] })), 'INVALID_INPUT')).toBe(true);
  });

  it('upserts a profile: created the first time, updated the second', async () => {
    h = await startHarness();
    const client = h.client();
    const first = await client.upsertProfile({ email: 'new@example.com', firstName: 'New', properties: { plan: 'gold' } });
    expect(first.created).toBe(true);
    const second = await client.upsertProfile({ email: 'new@example.com', externalId: 'crm-77', lastName: 'Person' });
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(second.profile).toMatchObject({ email: 'new@example.com', externalId: 'crm-77' });
    expect(second.profile.attributes).toMatchObject({ firstName: 'New', lastName: 'Person', properties: { plan: 'gold' } });
  });

  it('reports DUPLICATE_PROFILE with the other profile’s id when identifiers belong to two people', async () => {
    h = await startHarness();
    const seeded = h.emulator.control.seed({ profiles: [{ email: 'one@example.com' }, { phone_number: '+12065550111', email: 'two@example.com' }] }).profiles;
    const error = await failure(() => h.client().upsertProfile({ email: 'one@example.com', phoneNumber: '+12065550111' }));
    expect(AppError.is(error, 'DUPLICATE_PROFILE')).toBe(true);
    expect(seeded).toContain((error as AppError).details?.duplicateProfileId);
  });

  it('reports VALIDATION_FAILED with the pointer of the bad attribute', async () => {
    h = await startHarness();
    const error = await failure(() => h.client().upsertProfile({ email: 'not-an-email' }));
    expect(AppError.is(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as AppError).details?.pointer).toBe('/data/attributes/email');
    const phone = await failure(() => h.client().upsertProfile({ email: 'ok@example.com', phoneNumber: '206-555-0100' }));
    expect((phone as AppError).details?.pointer).toBe('/data/attributes/phone_number');
  });

  it('subscribes people to a single opt-in list through a subscription job', async () => {
    h = await startHarness();
    const [list] = h.emulator.control.seed({ lists: [{ name: 'Newsletter', opt_in_process: 'single_opt_in' }] }).lists;
    await h.client().createSubscriptionJob({
      listId: list?.id ?? '',
      customSource: 'CSV sync',
      profiles: [{ email: 's1@example.com', channels: ['email'] }, { email: 's2@example.com', phoneNumber: '+12065550123', channels: ['email', 'sms'] }],
    });
    const members = () => h.emulator.control.state().accounts[0]?.lists[0]?.members.map((m) => m.email).sort() ?? [];
    await eventually(() => members().length === 2);
    expect(members()).toEqual(['s1@example.com', 's2@example.com']);
  });

  it('refuses an SMS subscription without a phone number before sending', async () => {
    h = await startHarness();
    const error = await failure(() => h.client().createSubscriptionJob({ listId: 'L', profiles: [{ email: 'x@example.com', channels: ['sms'] }] }));
    expect(AppError.is(error, 'INVALID_INPUT')).toBe(true);
  });
});
