import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/api';
import type { RunProgress, RunSummary } from '../../../shared/sync';
import { createEventHub } from '../../../electron/core/events';
import type { ProgressView } from '../../../electron/cli/progress-view';
import { watchRun } from '../../../electron/cli/run-watch';

const summary = (id: string, status: RunSummary['status']) => ({ id, status }) as RunSummary;
const progress = (runId: string, done: number) => ({ runId, phase: 'import', done, total: 10, ratePerSecond: 1, etaSeconds: 1, phases: [] }) as RunProgress;

function fakeApp() {
  const hub = createEventHub();
  const paused: string[] = [];
  return {
    hub, paused,
    api: {
      on: <E extends EventName>(event: E, listener: (p: EventPayload<E>) => void) => hub.on(event, listener),
      pauseRun: async ({ runId }: { runId: string }) => {
        paused.push(runId);
        setImmediate(() => hub.emit('runStatus', summary(runId, 'paused')));
        return summary(runId, 'running');
      },
    },
  };
}

function recordingView() {
  const seen: { runs: number[]; notes: string[]; stopped: number } = { runs: [], notes: [], stopped: 0 };
  const view: ProgressView = { task() {}, run: (p) => seen.runs.push(p.done), note: (t) => seen.notes.push(t), complete() {}, stop: () => { seen.stopped += 1; } };
  return { view, seen };
}

describe('following a run', () => {
  it("shows this run's progress until it stops, ignoring other runs", async () => {
    const { hub, api } = fakeApp();
    const { view, seen } = recordingView();
    const result = await watchRun({
      api, view, signals: new EventEmitter() as never,
      start: async () => {
        setImmediate(() => {
          hub.emit('runProgress', progress('r1', 4));
          hub.emit('runProgress', progress('other', 9));
          hub.emit('runStatus', summary('other', 'completed'));
          hub.emit('runStatus', summary('r1', 'running'));
          hub.emit('runProgress', progress('r1', 10));
          hub.emit('runStatus', summary('r1', 'completed'));
        });
        return summary('r1', 'running');
      },
    });
    expect(result).toEqual({ run: summary('r1', 'completed'), interrupted: false });
    expect(seen.runs).toEqual([4, 10]);
    expect(seen.stopped).toBe(1);
  });

  it('settles on a status announced before startRun answered', async () => {
    const { hub, api } = fakeApp();
    const result = await watchRun({
      api, view: recordingView().view, signals: new EventEmitter() as never,
      start: async () => {
        hub.emit('runStatus', summary('r1', 'failed'));
        return summary('r1', 'running');
      },
    });
    expect(result.run.status).toBe('failed');
  });

  it('pauses the run on Ctrl-C and quits at once on a second one', async () => {
    const { hub, api, paused } = fakeApp();
    const { view, seen } = recordingView();
    const signals = new EventEmitter();
    const exits: number[] = [];
    const result = await watchRun({
      api, view, signals: signals as never,
      exitNow: ((code: number) => { exits.push(code); }) as (code: number) => never,
      start: async () => {
        setImmediate(() => {
          signals.emit('SIGINT');
          signals.emit('SIGINT');
        });
        void hub;
        return summary('r1', 'running');
      },
    });
    expect(paused).toEqual(['r1']);
    expect(result).toEqual({ run: summary('r1', 'paused'), interrupted: true });
    expect(exits).toEqual([130]);
    expect(seen.notes[0]).toMatch(/^Pausing/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
