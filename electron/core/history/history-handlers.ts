/** The AppApi's history and alert channels over a HistoryService (the composition root wires them in). */
import type { AppHandlers } from '../../../shared/api';
import type { HistoryService } from './history-service';

export type HistoryHandlers = Pick<AppHandlers,
  'listRuns' | 'getRun' | 'listRunRows' | 'findPerson' | 'getListSizes' | 'exportRunLog' | 'listAlerts' | 'dismissAlert'>;

export function createHistoryHandlers(history: HistoryService): HistoryHandlers {
  return {
    listRuns: async (query) => history.listRuns(query),
    getRun: async ({ runId }) => history.getRun(runId),
    listRunRows: async (query) => history.listRunRows(query),
    findPerson: async ({ query }) => history.findPerson(query),
    getListSizes: async ({ listId }) => history.getListSizes(listId),
    exportRunLog: (input) => history.exportRunLog(input),
    listAlerts: async () => history.listAlerts(),
    dismissAlert: async ({ runId }) => history.dismissAlert(runId),
  };
}
