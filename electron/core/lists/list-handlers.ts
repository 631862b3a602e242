/**
 * listLists and getList: the account's Klaviyo lists for the list picker (with the lists-and-segments
 * count against Klaviyo's cap of 1,000), and one list with its member count.
 */
import type { AppHandlers, KlaviyoList } from '../../../shared/api';
import type { KlaviyoClient, KlaviyoListRecord } from '../klaviyo/index';
import type { CredentialsService } from '../secrets/credentials-service';

export type ListHandlers = Pick<AppHandlers, 'listLists' | 'getList'>;

export interface ListHandlersDeps {
  credentials: Pick<CredentialsService, 'getApiKey'>;
  createClient(apiKey: string): KlaviyoClient;
}

function toList(list: KlaviyoListRecord): KlaviyoList {
  return { id: list.id, name: list.name, created: list.created, updated: list.updated, profileCount: list.profileCount };
}

/** Case-insensitive "contains" on the name, or an exact id (pure). */
export function matchesSearch(list: Pick<KlaviyoList, 'id' | 'name'>, search: string | undefined): boolean {
  const text = search?.trim().toLowerCase() ?? '';
  return text === '' || list.name.toLowerCase().includes(text) || list.id.toLowerCase() === text;
}

export function createListHandlers(deps: ListHandlersDeps): ListHandlers {
  const client = async (credentialId: string | undefined) => deps.createClient(await deps.credentials.getApiKey(credentialId));
  return {
    async listLists(input) {
      const klaviyo = await client(input.credentialId);
      const [counts, lists] = await Promise.all([
        klaviyo.countListsAndSegments(),
        (async () => {
          const out: KlaviyoList[] = [];
          for await (const list of klaviyo.iterateLists()) if (matchesSearch(list, input.search)) out.push(toList(list));
          return out;
        })(),
      ]);
      lists.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
      return { lists, listCount: counts.lists, segmentCount: counts.segments ?? 0, cap: counts.cap };
    },
    async getList(input) {
      const klaviyo = await client(input.credentialId);
      return toList(await klaviyo.getList(input.id, { profileCount: true }));
    },
  };
}
