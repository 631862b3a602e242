/**
 * The plan's target list: by id, or by exact name (Klaviyo allows several lists with one name, so
 * an ambiguous name is refused with the ids to choose from), or "create if missing" after checking
 * the account's caps: 1,000 lists and segments (a hard stop), and 150 new lists a day (a warning:
 * this app only knows the lists it created itself; Klaviyo's own count is the truth at run time).
 */
import { AppError } from '../../../shared/errors';
import type { ListTarget, Plan } from '../../../shared/sync';
import type { KlaviyoClient } from '../klaviyo/index';
import type { RunSnapshotsRepo } from '../store/runs-snapshots-repo';

export const DAILY_LIST_CAP = 150;

export interface ResolvedList {
  id: string | null;
  name: string;
  exists: boolean;
  willCreate: boolean;
  /** Klaviyo's profile_count (0 for a list to be created). */
  profileCount: number;
  listCaps: Plan['listCaps'];
  warnings: string[];
}

type ListClient = Pick<KlaviyoClient, 'getList' | 'findListsByName' | 'countListsAndSegments'>;

export async function resolveList(input: {
  client: ListClient;
  target: ListTarget;
  accountId: string | null;
  snapshots: RunSnapshotsRepo;
  now: Date;
  signal?: AbortSignal;
}): Promise<ResolvedList> {
  const { client, target, signal } = input;
  if ('id' in target) {
    const list = await client.getList(target.id, { profileCount: true }, { signal });
    return { id: list.id, name: list.name, exists: true, willCreate: false, profileCount: list.profileCount ?? 0, listCaps: null, warnings: [] };
  }
  const name = target.name.trim();
  const found = await client.findListsByName(name, { signal });
  if (found.length > 1) {
    const ids = found.map((l) => l.id);
    throw new AppError({
      code: 'VALIDATION_FAILED',
      message: `There are ${found.length} lists named "${name}" in Klaviyo (ids ${ids.join(', ')}). Pick one by its id.`,
      details: { name, ids: ids.join(',') },
    });
  }
  const existing = found[0];
  if (existing) {
    const list = await client.getList(existing.id, { profileCount: true }, { signal });
    return { id: list.id, name: list.name, exists: true, willCreate: false, profileCount: list.profileCount ?? 0, listCaps: null, warnings: [] };
  }
  if (!target.create) {
    throw new AppError({
      code: 'LIST_NOT_FOUND',
      message: `There is no list named "${name}" in Klaviyo. Check the name, or choose "create the list if it is missing".`,
      details: { name },
    });
  }

  const counts = await client.countListsAndSegments({ signal });
  const listsAndSegments = counts.lists + (counts.segments ?? 0);
  if (listsAndSegments >= counts.cap) {
    const message = `"${name}" can't be created: the account has ${listsAndSegments.toLocaleString('en-US')} lists and segments, and Klaviyo allows ${counts.cap.toLocaleString('en-US')}.`;
    throw new AppError({
      code: 'LIST_LIMIT_REACHED',
      message,
      details: { listCount: listsAndSegments, listCap: counts.cap },
      action: {
        kind: 'remove_lists', title: 'Too many lists and segments', message,
        steps: ['In Klaviyo, delete lists or segments you no longer use.', 'Plan the sync again.', 'Or sync into an existing list.'],
        listCount: listsAndSegments, listCap: counts.cap,
      },
    });
  }
  const since = new Date(input.now.getTime() - 24 * 3600 * 1000).toISOString();
  const createdToday = input.accountId ? input.snapshots.creationsSince(input.accountId, since) : 0;
  const warnings: string[] = [];
  if (counts.segments === null) {
    warnings.push('The API key can’t read segments, so only lists were counted against Klaviyo’s limit of 1,000 lists and segments.');
  }
  if (createdToday >= DAILY_LIST_CAP) {
    warnings.push(`This app already created ${createdToday} lists in the last 24 hours; Klaviyo allows ${DAILY_LIST_CAP} a day, so creating "${name}" will probably have to wait.`);
  } else if (createdToday >= DAILY_LIST_CAP - 10) {
    warnings.push(`This app created ${createdToday} of the ${DAILY_LIST_CAP} lists Klaviyo allows a day.`);
  }
  if (counts.cap - listsAndSegments <= 10) {
    warnings.push(`The account has ${listsAndSegments} lists and segments; Klaviyo allows ${counts.cap}.`);
  }
  return {
    id: null, name, exists: false, willCreate: true, profileCount: 0,
    listCaps: { listsAndSegments, cap: counts.cap, createdToday, dailyCap: DAILY_LIST_CAP },
    warnings,
  };
}
