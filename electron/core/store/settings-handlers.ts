import type { AppHandlers } from '../../../shared/api';
import type { Settings } from '../../../shared/settings';
import type { SettingsRepo } from './settings-repo';

export type SettingsHandlers = Pick<AppHandlers, 'getSettings' | 'updateSettings'>;

/** The AppApi's settings channels. `dataDir` is reported, never changed here (it is chosen at start-up). */
export function createSettingsHandlers(repo: SettingsRepo, dataDir: string): SettingsHandlers {
  const withFolder = (stored: Omit<Settings, 'dataFolder'>): Settings => ({ ...stored, dataFolder: dataDir });
  return {
    getSettings: async () => withFolder(repo.get()),
    updateSettings: async (patch) => withFolder(repo.update(patch)),
  };
}
