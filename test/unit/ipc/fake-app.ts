/** A stand-in AppApi for the boundary tests: records calls, answers from a table, emits events on demand. */
import { channelNames, type AppApi, type ChannelName, type EventName } from '../../../shared/api';
import { createEventHub } from '../../../electron/core/events';

export interface FakeApp {
  app: AppApi;
  calls: Array<{ channel: ChannelName; input: unknown }>;
  /** What a channel does when called (default: resolves to `{ channel }`). */
  answer(channel: ChannelName, impl: (input: unknown) => Promise<unknown>): void;
  emit(event: EventName, payload: unknown): void;
  listenerCount(): number;
}

export function createFakeApp(): FakeApp {
  const hub = createEventHub();
  const calls: FakeApp['calls'] = [];
  const answers = new Map<ChannelName, (input: unknown) => Promise<unknown>>();
  let listeners = 0;
  const methods: Record<string, unknown> = {};
  for (const channel of channelNames) {
    methods[channel] = async (input: unknown) => {
      calls.push({ channel, input });
      const impl = answers.get(channel);
      return impl ? impl(input) : { channel };
    };
  }
  methods.on = (event: EventName, listener: (payload: unknown) => void) => {
    listeners += 1;
    const off = hub.on(event, listener);
    return () => {
      listeners -= 1;
      off();
    };
  };
  return {
    app: methods as unknown as AppApi,
    calls,
    answer: (channel, impl) => answers.set(channel, impl),
    emit: (event, payload) => hub.emit(event, payload as never),
    listenerCount: () => listeners,
  };
}
