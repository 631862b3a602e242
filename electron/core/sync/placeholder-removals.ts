/**
 * A mirror plan built on a snapshot may remove people the last sync added, whose Klaviyo ids the
 * snapshot never learned (bulk import does not return them). Removing needs the id, so they are
 * looked up on the list by email or phone, 100 per request. Someone not found is not on the list any
 * more: nothing to remove. Someone known only by an external id can't be looked up (Klaviyo filters
 * list members by email and phone only): then the caller reads the whole list instead.
 */
import { chunk } from '../klaviyo/query';
import type { KlaviyoClient } from '../klaviyo/index';
import type { RunRepos } from './repos';

const LOOKUP = 100;

export async function resolvePlaceholderRemovals(input: {
  client: Pick<KlaviyoClient, 'findMembers'>;
  repos: RunRepos;
  runId: string;
  listId: string;
  signal?: AbortSignal;
}): Promise<boolean> {
  const { client, repos, runId, listId, signal } = input;
  const pending = repos.members.placeholderRemovals(runId, Number.MAX_SAFE_INTEGER);
  if (pending.length === 0) return true;
  if (pending.some((p) => p.email === null && p.phone === null)) return false;
  const found = new Map<string, string>();
  const byEmail = pending.filter((p) => p.email !== null).map((p) => p.email as string);
  const byPhone = pending.filter((p) => p.email === null && p.phone !== null).map((p) => p.phone as string);
  for (const part of chunk(byEmail, LOOKUP)) {
    for (const m of await client.findMembers(listId, { emails: part }, { signal })) if (m.email) found.set(`e:${m.email.toLowerCase()}`, m.id);
  }
  for (const part of chunk(byPhone, LOOKUP)) {
    for (const m of await client.findMembers(listId, { phones: part }, { signal })) if (m.phone) found.set(`p:${m.phone}`, m.id);
  }
  repos.store.transaction(() => {
    for (const p of pending) {
      const id = p.email !== null ? found.get(`e:${p.email}`) : found.get(`p:${p.phone ?? ''}`);
      if (id) repos.rows.setProfileId(runId, p.seq, id);
      else repos.rows.dropRemoval(runId, p.seq);
    }
  });
  return true;
}
