import { describe, expect, it } from 'vitest';
import { createProgressTracker } from '../../../electron/core/sync/progress';
import type { RunProgress } from '../../../shared/sync';

describe('run progress', () => {
  it('shows the active phase with its rate and time left, and every phase’s state', () => {
    let t = 0;
    const emitted: RunProgress[] = [];
    const tracker = createProgressTracker({ runId: 'r', intervalMs: 250, emit: (p) => emitted.push(p), now: () => t });
    tracker.setPhase('import', 'active', 0, 1000);
    tracker.setPhase('remove', 'active', 0, 100);
    t = 2000;
    tracker.add('import', 400);
    const p = tracker.snapshot();
    expect(p).toMatchObject({ runId: 'r', phase: 'import', done: 400, total: 1000, ratePerSecond: 200, etaSeconds: 3 });
    expect(p.phases.map((x) => x.phase)).toEqual(['prepare', 'read_members', 'create_list', 'import', 'remove', 'finalize']);
    expect(p.phases.find((x) => x.phase === 'remove')).toMatchObject({ state: 'active', done: 0, total: 100 });
  });

  it('emits at most once per interval, and at once when flushed', () => {
    let t = 0;
    const emitted: RunProgress[] = [];
    const tracker = createProgressTracker({ runId: 'r', intervalMs: 250, emit: (p) => emitted.push(p), now: () => t });
    tracker.setPhase('import', 'active', 0, 10);
    for (let i = 0; i < 10; i++) {
      t += 10;
      tracker.add('import', 1);
    }
    expect(emitted).toHaveLength(1);
    tracker.flush();
    expect(emitted).toHaveLength(2);
    expect(emitted[1]?.done).toBe(10);
  });
});
