import { describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames, type ChannelName, type Wire, type WireShell } from '../../../shared/api';
import { buildWindowBridge, type BridgeSubscribe } from '../../../shared/bridge';

function setup() {
  const invoked: Array<{ channel: ChannelName; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: BridgeSubscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const ok = <T>(value: T): Promise<Wire<T>> => Promise.resolve({ ok: true, value });
  const shell: WireShell = {
    pickCsvFile: () => ok('/data/a.csv'),
    pickFolder: () => ok(null),
    pickSavePath: (name) => ok(`/out/${name}`),
    openHelp: () => ok(undefined),
    pathForDroppedFile: () => '/dropped.csv',
  };
  const bridge = buildWindowBridge(async (channel, input) => {
    invoked.push({ channel, input });
    return { ok: true, value: channel };
  }, subscribe, shell);
  const push = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, invoked, push, listeners };
}

describe('buildWindowBridge', () => {
  it('has one method per channel of the table, on and shell, and nothing else', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge).sort()).toEqual([...channelNames, 'on', 'shell'].sort());
    for (const name of channelNames) expect(typeof bridge[name]).toBe('function');
    expect(Object.keys(bridge.shell).sort()).toEqual(['openHelp', 'pathForDroppedFile', 'pickCsvFile', 'pickFolder', 'pickSavePath']);
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('cannot be extended or changed by the page', () => {
    const { bridge } = setup();
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.shell)).toBe(true);
  });

  it('sends each method to its own channel with only the first argument', async () => {
    const { bridge, invoked } = setup();
    const result = await (bridge.getRun as (...args: unknown[]) => Promise<unknown>)({ runId: 'r1' }, 'extra', 'args');
    await bridge.getAppInfo();
    expect(result).toEqual({ ok: true, value: 'getRun' });
    expect(invoked).toEqual([{ channel: 'getRun', input: { runId: 'r1' } }, { channel: 'getAppInfo', input: undefined }]);
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { bridge, push } = setup();
    const seen = vi.fn();
    const off = bridge.on('alertsChanged', seen);
    push('alertsChanged', { count: 2 });
    off();
    off();
    push('alertsChanged', { count: 3 });
    expect(seen.mock.calls).toEqual([[{ count: 2 }]]);
  });

  it('subscribes to every event of the table and refuses others', () => {
    const { bridge } = setup();
    for (const event of eventNames) bridge.on(event, () => undefined)();
    expect(() => bridge.on('ipc-message' as never, () => undefined)).toThrow(/Unknown event/);
    expect(() => bridge.on('runStatus', 'not a function' as never)).toThrow(/listener/);
  });

  it('passes shell calls through', async () => {
    const { bridge } = setup();
    expect(await bridge.shell.pickCsvFile()).toEqual({ ok: true, value: '/data/a.csv' });
    expect(await bridge.shell.pickSavePath('rejects.csv')).toEqual({ ok: true, value: '/out/rejects.csv' });
  });
});
