/**
 * The audience channels (inspect, preview a mapping, export for SFTP) and the recording of exports in
 * the history. The pipeline's handlers are being finished; until they land, these channels say so.
 */
import type { AppHandlers } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { EventHub } from './events';
import type { Logger } from './log';
import type { Store } from './store/index';
import type { TaskRegistry } from './tasks';

export type AudienceHandlers = Pick<AppHandlers, 'inspectFile' | 'previewMapping' | 'exportAudience'>;

export interface AudienceAreaDeps {
  store: Store;
  tasks: TaskRegistry;
  events: EventHub;
  logger: Logger;
}

export function createAudienceArea(_deps: AudienceAreaDeps): AudienceHandlers {
  const notYet = async (): Promise<never> => {
    throw new AppError({ code: 'INTERNAL', message: 'Reading CSV files is not available in this build yet.' });
  };
  return { inspectFile: notYet, previewMapping: notYet, exportAudience: notYet };
}
