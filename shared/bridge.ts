/**
 * Builds `window.audienceSync` from the channel table. The preload (over ipcRenderer) and the
 * Playwright test bridge (over exposeBinding) both call this, so the page sees the same object in
 * the app and in the browser tests: one method per channel, `on`, and `shell` — and no generic
 * invoke, so a compromised page can only ask for what the contract names.
 * Environment-free: no Node, no DOM, no Electron.
 */
import {
  channelNames, eventNames,
  type ChannelName, type EventName, type EventPayload, type Wire, type WireApi, type WireShell,
} from './api';

/** Sends one channel call across the boundary; resolves to the Wire envelope the main side returned. */
export type BridgeInvoke = (channel: ChannelName, input: unknown) => Promise<Wire<unknown>>;
/** Subscribes to one pushed event; the listener gets the payload only (never the transport's event object). */
export type BridgeSubscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

const knownEvents: ReadonlySet<string> = new Set(eventNames);

/** The event name as the main side sends it over the wire (webContents.send / the test push). */
export function eventWireName(event: EventName): `event:${EventName}` {
  return `event:${event}`;
}

export function buildWindowBridge(invoke: BridgeInvoke, subscribe: BridgeSubscribe, shell: WireShell): WireApi {
  const api: Record<string, unknown> = {};
  for (const name of channelNames) {
    // Only the first argument crosses: every channel takes at most one input object.
    api[name] = (...args: unknown[]) => invoke(name, args[0]);
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (() => void) => {
    if (typeof event !== 'string' || !knownEvents.has(event)) {
      throw new TypeError(`Unknown event "${String(event)}". Known events: ${eventNames.join(', ')}.`);
    }
    if (typeof listener !== 'function') throw new TypeError('on(event, listener) needs a listener function.');
    const unsubscribe = subscribe(event, (payload) => listener(payload as EventPayload<E>));
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
    };
  };
  api.shell = Object.freeze({
    pickCsvFile: () => shell.pickCsvFile(),
    pickFolder: () => shell.pickFolder(),
    pickSavePath: (defaultName: string) => shell.pickSavePath(defaultName),
    openHelp: (url: string) => shell.openHelp(url),
    pathForDroppedFile: (file: File) => shell.pathForDroppedFile(file),
  } satisfies WireShell);
  return Object.freeze(api) as WireApi;
}
