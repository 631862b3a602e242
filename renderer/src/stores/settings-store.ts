/** The person's settings: default region and row-detail retention (the data folder is read-only). */
import { create } from 'zustand';
import { api } from '../../api';
import type { AppErrorData } from '../../../shared/errors';
import type { Settings, UpdateSettings } from '../../../shared/settings';
import { errorData } from '../lib/errors';

interface SettingsState {
  settings: Settings | null;
  loadError: AppErrorData | null;
  load(): Promise<void>;
  save(update: UpdateSettings): Promise<Settings>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  loadError: null,
  async load() {
    try {
      set({ settings: await api.getSettings(), loadError: null });
    } catch (error) {
      set({ loadError: errorData(error) });
    }
  },
  async save(update) {
    const settings = await api.updateSettings(update);
    set({ settings });
    return settings;
  },
}));
