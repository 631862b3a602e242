/** A typed hub for the events in shared/api.ts: the core emits, front ends (IPC, CLI, tests) listen. */
import type { EventName, EventPayload } from '../../shared/api';

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createEventHub(onListenerError?: (error: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  return {
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        // One broken listener (a closed window, a bad test) must not stop the work that emitted.
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
