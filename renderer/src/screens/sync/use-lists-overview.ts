/** The account's lists (optionally searched) and its list/segment count, re-read when the search settles. */
import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { ListsOverview } from '../../../../shared/api';
import type { AppErrorData } from '../../../../shared/errors';
import { errorData } from '../../lib/errors';
import { useDebounced } from '../../lib/hooks';

export interface ListsOverviewState {
  overview: ListsOverview | null;
  /** The (settled) search the overview answers. */
  search: string;
  loading: boolean;
  error: AppErrorData | null;
  retry(): void;
}

export function useListsOverview(credentialId: string, rawSearch: string): ListsOverviewState {
  const search = useDebounced(rawSearch.trim(), 300);
  const [overview, setOverview] = useState<ListsOverview | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    api.listLists({ credentialId, ...(search ? { search } : {}) })
      .then((result) => {
        if (current) setOverview(result);
      })
      .catch((e: unknown) => {
        if (current) setError(errorData(e));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [credentialId, search, attempt]);

  return { overview, search, loading, error, retry: () => setAttempt((n) => n + 1) };
}
