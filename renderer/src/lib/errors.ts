/** Anything a call rejected with, as error data the screens can show. */
import { AppError, type AppErrorData } from '../../../shared/errors';

export function errorData(error: unknown): AppErrorData {
  if (AppError.is(error)) return error.toData();
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return error as AppErrorData;
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside the app. Details are in the log.' };
}

export function isCancelled(error: unknown): boolean {
  return errorData(error).code === 'CANCELLED';
}
