/** The list was deleted in Klaviyo while the run was using it. */
import { AppError } from '../../../shared/errors';

export function listGoneError(listName: string, cause?: unknown): AppError {
  return new AppError({
    code: 'LIST_NOT_FOUND',
    message: `The list "${listName}" no longer exists in Klaviyo. It may have been deleted while the sync ran.`,
    details: { listName },
    action: {
      kind: 'recreate_list', title: 'The list is gone', message: 'The list was deleted in Klaviyo.',
      steps: ['Resume to create it again and add everyone in the file to it, or cancel the run.'],
    },
  }, { cause });
}
