/** Commands chosen in the app menu that the window carries out. */
import { shell } from '../../api';
import type { EventPayload } from '../../../shared/api';
import { useNav } from './nav-store';
import { useSyncAudience, useSyncFlow } from './sync-flow-store';

/**
 * File → Open CSV…: starts a new sync with the chosen file. A sync that is running is never
 * disturbed: the window shows it instead, and the person can start another one when it is done.
 */
export async function onMenuCommand({ command }: EventPayload<'menuCommand'>): Promise<void> {
  if (command !== 'openCsv') return;
  useNav.getState().go({ name: 'sync' });
  const flow = useSyncFlow.getState();
  if (flow.runId !== null && flow.step === 'run') return;
  const path = await shell.pickCsvFile().catch(() => null);
  if (!path) return;
  useSyncFlow.getState().reset();
  await useSyncAudience.getState().loadFile(path);
}
