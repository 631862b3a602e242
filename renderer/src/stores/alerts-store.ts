/** Runs stopped on something a person can fix, shown behind the bell. */
import { create } from 'zustand';
import { api } from '../../api';
import type { Alert } from '../../../shared/api';
import type { AppErrorData } from '../../../shared/errors';
import { errorData } from '../lib/errors';

interface AlertsState {
  alerts: Alert[];
  /** From the alertsChanged event, so the bell updates before the list is re-read. */
  count: number;
  loaded: boolean;
  loadError: AppErrorData | null;
  load(): Promise<void>;
  setCount(count: number): void;
  dismiss(runId: string): Promise<void>;
}

let generation = 0;

export const useAlerts = create<AlertsState>()((set, get) => ({
  alerts: [],
  count: 0,
  loaded: false,
  loadError: null,
  async load() {
    const mine = ++generation;
    try {
      const alerts = await api.listAlerts();
      // An older answer arriving after a newer one must not bring back a resolved alert.
      if (mine === generation) set({ alerts, count: alerts.length, loaded: true, loadError: null });
    } catch (error) {
      if (mine === generation) set({ loaded: true, loadError: errorData(error) });
    }
  },
  setCount(count) {
    set({ count });
    if (count !== get().alerts.length) void get().load();
  },
  async dismiss(runId) {
    await api.dismissAlert({ runId });
    set((s) => ({ alerts: s.alerts.filter((a) => a.runId !== runId), count: Math.max(0, s.count - 1) }));
    void get().load();
  },
}));
