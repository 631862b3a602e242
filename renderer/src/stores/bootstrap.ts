/** Wires the pushed events into the stores and loads what the frame shows first. */
import { api } from '../../api';
import { useAlerts } from './alerts-store';
import { useHistory } from './history-store';
import { onMenuCommand } from './menu-commands';
import { useRuns } from './runs-store';
import { useSession } from './session-store';
import { useSettings } from './settings-store';
import { useSyncFlow } from './sync-flow-store';
import { useTasks } from './tasks-store';

/** Subscribes once; returns the unsubscribe for all (used by tests and hot reload). */
export function startApp(): () => void {
  const offs = [
    api.on('runProgress', (progress) => useRuns.getState().setProgress(progress)),
    api.on('runStatus', (summary) => {
      useRuns.getState().upsert(summary);
      useSyncFlow.getState().onRunStatus(summary);
      useHistory.getState().invalidate();
    }),
    api.on('taskProgress', (progress) => useTasks.getState().update(progress)),
    api.on('alertsChanged', ({ count }) => useAlerts.getState().setCount(count)),
    api.on('menuCommand', (command) => void onMenuCommand(command)),
  ];
  void useSession.getState().load();
  void useSettings.getState().load();
  void useAlerts.getState().load();
  void useRuns.getState().loadActive();
  return () => {
    for (const off of offs) off();
  };
}
