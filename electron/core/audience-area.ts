/**
 * The audience channels (inspect, preview a mapping, export for SFTP), with each finished export
 * recorded in the history as a run, and the settings' default region used for suggestions.
 */
import { createAudienceHandlers, type AudienceHandlers } from './audience/index';
import type { EventHub } from './events';
import type { SettingsRepo, Store } from './store/index';
import { insertExportRun } from './store/export-runs-repo';
import type { TaskRegistry } from './tasks';

export interface AudienceAreaDeps {
  store: Store;
  tasks: TaskRegistry;
  events: EventHub;
  settings: SettingsRepo;
}

export function createAudienceArea(deps: AudienceAreaDeps): AudienceHandlers {
  return createAudienceHandlers({
    tasks: deps.tasks,
    events: deps.events,
    defaultRegion: () => deps.settings.get().defaultRegion,
    recordExport: async (record) => insertExportRun(deps.store, record),
  });
}
