/**
 * Seeding: lists (with given or generated members), segments and loose profiles, straight into
 * the store. Generated members (`seed-<n>@example.com`) skip identity resolution, so 200,000 of
 * them take well under a couple of seconds.
 */
import { upsertProfile } from './identity';
import type { Account, Store } from './store';
import type { ProfileSeed, SeedInput, SeedResult } from './types';
import { isValidE164, isValidEmail } from './validation';

let generated = 0;

function seedProfile(account: Account, seed: ProfileSeed, now: number): string {
  if (seed.email !== undefined && !isValidEmail(seed.email)) throw new Error(`seed: invalid email "${seed.email}"`);
  if (seed.phone_number !== undefined && !isValidE164(seed.phone_number)) throw new Error(`seed: phone "${seed.phone_number}" is not valid E.164`);
  const result = upsertProfile(account.profiles, { attributes: { ...seed } }, now, false);
  if (result.kind !== 'update') throw new Error(`seed: identifiers of ${JSON.stringify(seed)} belong to different profiles`);
  return result.profile.id;
}

function generateProfile(account: Account, now: number): string {
  for (;;) {
    generated += 1;
    const email = `seed-${generated}@example.com`;
    if (account.profiles.findBy('email', email)) continue;
    return account.profiles.create({ email, first_name: 'Seed', last_name: String(generated) }, now).id;
  }
}

export function seed(store: Store, input: SeedInput, now: number): SeedResult {
  const account = input.account !== undefined ? store.resolveAccount(input.account) : store.accounts.values().next().value;
  if (!account) throw new Error(`seed: no account ${input.account ?? '(none exists yet: add an API key first)'}`);
  const result: SeedResult = { accountId: account.id, lists: [], segments: [], profiles: [] };
  for (const spec of input.lists ?? []) {
    const list = store.createList(account, spec.name, spec.opt_in_process ?? 'double_opt_in', now);
    const memberIds: string[] = [];
    if (typeof spec.members === 'number') {
      for (let i = 0; i < spec.members; i += 1) memberIds.push(generateProfile(account, now));
    } else {
      for (const member of spec.members ?? []) memberIds.push(seedProfile(account, member, now));
    }
    for (const id of memberIds) list.members.add(id, now);
    result.lists.push({ id: list.id, name: list.name, memberIds });
  }
  const segmentNames = typeof input.segments === 'number'
    ? Array.from({ length: input.segments }, (_, i) => `Segment ${account.segments.size + i + 1}`)
    : input.segments ?? [];
  for (const name of segmentNames) result.segments.push(store.createSegment(account, name, now).id);
  for (const profile of input.profiles ?? []) result.profiles.push(seedProfile(account, profile, now));
  return result;
}
