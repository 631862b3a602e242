/**
 * Long calls (inspect, export, plan) carry a caller-chosen taskId so they can be cancelled from
 * another call (`cancelTask`), across IPC, where an AbortSignal cannot travel.
 */
import { AppError } from '../../shared/errors';

export interface TaskRegistry {
  /** Runs `work` with a signal that `cancel(taskId)` aborts; the task is forgotten when work settles. */
  run<T>(taskId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  cancel(taskId: string): boolean;
  /** Aborts everything (on shutdown). */
  cancelAll(): void;
}

export function createTaskRegistry(): TaskRegistry {
  const running = new Map<string, AbortController>();
  return {
    async run(taskId, work) {
      if (running.has(taskId)) {
        throw new AppError({ code: 'INVALID_INPUT', message: `A task named "${taskId}" is already running.` });
      }
      const controller = new AbortController();
      running.set(taskId, controller);
      try {
        return await work(controller.signal);
      } finally {
        running.delete(taskId);
      }
    },
    cancel(taskId) {
      const controller = running.get(taskId);
      controller?.abort(new AppError({ code: 'CANCELLED', message: 'Cancelled.' }));
      return controller !== undefined;
    },
    cancelAll() {
      for (const controller of running.values()) controller.abort(new AppError({ code: 'CANCELLED', message: 'Cancelled.' }));
    },
  };
}

/** Throws the abort reason (an AppError CANCELLED) when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw AppError.is(signal.reason) ? signal.reason : new AppError({ code: 'CANCELLED', message: 'Cancelled.' });
}
