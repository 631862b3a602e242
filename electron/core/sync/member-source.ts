/**
 * The list's current members for the diff: the last sync's snapshot when Klaviyo agrees it is still
 * current (same profile_count, and the most recently joined members are all in it), else a full read.
 * Either way every member goes through the matcher as it is stored.
 */
import type { KlaviyoClient, Member, MemberField } from '../klaviyo/index';
import { PLACEHOLDER_ID_PREFIX, type MemberRecord } from '../store/runs-members-repo';
import type { SampleMember } from '../store/runs-snapshots-repo';
import { readAllMembers } from './member-reader';
import type { RunRepos } from './repos';
import { memberContentHash, type ContentKeys } from './row-profile';

export interface MemberSourceInput {
  client: Pick<KlaviyoClient, 'listMembersPage' | 'limiter' | 'timeScale'>;
  repos: RunRepos;
  runId: string;
  listId: string;
  profileCount: number;
  /** Full-profile mode: read these too and fingerprint them. */
  contentKeys: ContentKeys | null;
  readers: number;
  signal?: AbortSignal;
  onProgress(membersStored: number): void;
}

export interface MemberSourceResult {
  source: 'klaviyo' | 'snapshot';
  /** Why the snapshot was or was not used, for the plan's warnings. */
  note: string | null;
  /** A warm page's round trip, in seconds, when the list was read. */
  roundTripSeconds: number | null;
}

const SNAPSHOT_CHUNK = 5000;
const MEMBER_FLUSH = 5000;

export function toMemberRecord(member: Member, contentKeys: ContentKeys | null): MemberRecord {
  return {
    profileId: member.id,
    email: member.email ? member.email.trim().toLowerCase() : null,
    phone: member.phone || null,
    externalId: member.externalId || null,
    contentHash: contentKeys ? memberContentHash(member, contentKeys) : null,
  };
}

/** The member fields a full-profile comparison needs. */
export function memberFieldsFor(keys: ContentKeys | null): MemberField[] {
  if (!keys) return [];
  const fields = new Set<MemberField>();
  const direct: Record<string, MemberField> = {
    first_name: 'firstName', last_name: 'lastName', organization: 'organization', title: 'title', locale: 'locale', image: 'image',
  };
  for (const field of keys.fields) fields.add(direct[field] ?? 'location');
  if (keys.properties.length > 0) fields.add('properties');
  return [...fields];
}

export async function loadMembers(input: MemberSourceInput): Promise<MemberSourceResult> {
  const { repos, runId, listId } = input;
  let stored = 0;
  const store = (records: readonly MemberRecord[]) => {
    repos.store.transaction(() => repos.members.insert(runId, records));
    stored += records.length;
    input.onProgress(stored);
  };

  const snapshot = repos.snapshots.get(listId);
  let note: string | null = null;
  if (snapshot && snapshot.profile_count === input.profileCount) {
    const recent = await input.client.listMembersPage(listId, { pageSize: 100, sort: '-joined_group_at' }, { signal: input.signal });
    const sample: SampleMember[] = recent.members.map((m) => ({ id: m.id, email: m.email?.toLowerCase() ?? null, phone: m.phone, externalId: m.externalId }));
    const missing = repos.snapshots.missing(listId, sample);
    if (missing.length === 0) {
      for (let after = 0; ;) {
        const chunk = repos.snapshots.chunk(listId, after, SNAPSHOT_CHUNK);
        if (chunk.length === 0) break;
        after = chunk[chunk.length - 1]?.rowid ?? after;
        store(chunk.map((m) => {
          // The snapshot does not know the ids of people the last sync added; the sample may.
          const learned = m.profile_id === null
            ? sample.find((s) => (m.email !== null && s.email === m.email) || (m.phone !== null && s.phone === m.phone)
              || (m.external_id !== null && s.externalId === m.external_id))?.id
            : undefined;
          return {
            profileId: m.profile_id ?? learned ?? `${PLACEHOLDER_ID_PREFIX}${m.rowid}`,
            email: m.email, phone: m.phone, externalId: m.external_id, contentHash: null,
          };
        }));
      }
      return {
        source: 'snapshot',
        roundTripSeconds: null,
        note: `Klaviyo confirmed the list still matches the last sync (${input.profileCount.toLocaleString('en-US')} members, and its most recent members are the same), so its members were not read again.`,
      };
    }
    note = `The list changed since the last sync (${missing.length} of its most recent members are new), so all its members were read again.`;
  } else if (snapshot) {
    note = `The list changed since the last sync (${snapshot.profile_count.toLocaleString('en-US')} members then, ${input.profileCount.toLocaleString('en-US')} now), so all its members were read again.`;
  }

  // Pages are stored a few thousand members at a time: a transaction per page would rewrite the same
  // index pages over and over, and each write holds up the requests for the next pages.
  let buffer: MemberRecord[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    const records = buffer;
    buffer = [];
    store(records);
  };
  const read = await readAllMembers({
    client: input.client,
    listId,
    fields: memberFieldsFor(input.contentKeys),
    readers: input.readers,
    requestIntervalMs: 1000 / input.client.timeScale / Math.max(1, input.client.limiter.limits('get_profiles_for_list').burst),
    signal: input.signal,
    onMembers: (members) => {
      for (const m of members) buffer.push(toMemberRecord(m, input.contentKeys));
      if (buffer.length >= MEMBER_FLUSH) flush();
    },
  });
  flush();
  return { source: 'klaviyo', note, roundTripSeconds: read.roundTripMs === null ? null : read.roundTripMs / 1000 };
}
