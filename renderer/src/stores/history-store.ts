/** History's list of runs with its filters and page, and the person search. Reads SQLite only: works offline. */
import { create } from 'zustand';
import { api } from '../../api';
import type { AppErrorData } from '../../../shared/errors';
import type { FindPersonResult, RunsPage } from '../../../shared/history';
import { errorData } from '../lib/errors';
import { EMPTY_FILTERS, toRunsQuery, type HistoryFilters } from '../lib/history-query';

export const RUNS_PAGE = 50;

interface HistoryState {
  filters: HistoryFilters;
  offset: number;
  page: RunsPage | null;
  loading: boolean;
  error: AppErrorData | null;
  /** Lists seen in any run so far, for the list filter (id → name). */
  knownLists: Record<string, string>;
  /** Bumped when a run changes, so an open History re-reads. */
  version: number;
  personQuery: string;
  person: FindPersonResult | null;
  personLoading: boolean;
  personError: AppErrorData | null;
  setFilters(patch: Partial<HistoryFilters>): void;
  clearFilters(): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
  invalidate(): void;
  findPerson(query: string): Promise<void>;
  clearPerson(): void;
}

let loadSeq = 0;
let personSeq = 0;

export const useHistory = create<HistoryState>()((set, get) => ({
  filters: EMPTY_FILTERS,
  offset: 0,
  page: null,
  loading: false,
  error: null,
  knownLists: {},
  version: 0,
  personQuery: '',
  person: null,
  personLoading: false,
  personError: null,
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch }, offset: 0 })),
  clearFilters: () => set({ filters: EMPTY_FILTERS, offset: 0 }),
  setOffset: (offset) => set({ offset: Math.max(0, offset) }),
  async load() {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const page = await api.listRuns(toRunsQuery(get().filters, { limit: RUNS_PAGE, offset: get().offset }));
      if (seq !== loadSeq) return;
      const knownLists = { ...get().knownLists };
      for (const run of page.runs) if (run.list?.id) knownLists[run.list.id] = run.list.name;
      set({ page, loading: false, error: null, knownLists });
    } catch (error) {
      if (seq !== loadSeq) return;
      set({ loading: false, error: errorData(error) });
    }
  },
  invalidate: () => set((s) => ({ version: s.version + 1 })),
  async findPerson(query) {
    const seq = ++personSeq;
    set({ personQuery: query, personLoading: true, personError: null });
    try {
      const person = await api.findPerson({ query });
      if (seq === personSeq) set({ person, personLoading: false });
    } catch (error) {
      if (seq === personSeq) set({ person: null, personLoading: false, personError: errorData(error) });
    }
  },
  clearPerson: () => {
    personSeq += 1;
    set({ personQuery: '', person: null, personLoading: false, personError: null });
  },
}));
