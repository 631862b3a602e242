import { describe, expect, it } from 'vitest';
import type { PhaseProgress, RunProgress, TaskProgress } from '../../../shared/sync';
import { createLogProgress } from '../../../electron/cli/log-progress';

function logView() {
  const lines: string[] = [];
  let clock = 0;
  const view = createLogProgress((line) => lines.push(line), 5_000, () => clock);
  return { view, lines, advance: (ms: number) => { clock += ms; } };
}

const task = (over: Partial<TaskProgress>): TaskProgress => ({ taskId: 't', stage: 'planning', done: 0, total: null, unit: 'rows', rows: 0, ...over });

function runProgress(current: RunProgress['phase'], phases: Array<[PhaseProgress['phase'], PhaseProgress['state'], number, number]>): RunProgress {
  const list = phases.map(([phase, state, done, total]) => ({ phase, state, done, total }));
  const now = list.find((p) => p.phase === current)!;
  return { runId: 'r', phase: current, done: now.done, total: now.total, ratePerSecond: 100, etaSeconds: null, phases: list };
}

describe('progress in a log', () => {
  it('gives a short step one line, where it ended, not where it began', () => {
    const { view, lines, advance } = logView();
    view.task(task({ stage: 'reading_members', unit: 'members', done: 0, total: 600 }));
    advance(300);
    view.task(task({ stage: 'reading_members', unit: 'members', done: 600, total: 600 }));
    view.complete();
    expect(lines).toEqual(["Reading the list's members: 600/600 members"]);
  });

  it('says how many rows a stage of unknown size works on, not a count of 0', () => {
    const { view, lines } = logView();
    view.task(task({ stage: 'planning', done: 0, total: null, rows: 643 }));
    view.complete();
    expect(lines).toEqual(['Comparing: 643 rows']);
  });

  it('shows a long step moving every few seconds, then where it ended', () => {
    const { view, lines, advance } = logView();
    view.task(task({ stage: 'reading', unit: 'bytes', done: 0, total: 1_000 }));
    advance(5_000);
    view.task(task({ stage: 'reading', unit: 'bytes', done: 400, total: 1_000, rows: 40 }));
    advance(1_000);
    view.task(task({ stage: 'reading', unit: 'bytes', done: 600, total: 1_000, rows: 60 }));
    advance(1_000);
    view.task(task({ stage: 'reading', unit: 'bytes', done: 1_000, total: 1_000, rows: 100 }));
    view.complete();
    expect(lines).toEqual(['Reading the file: 400/1,000 bytes (40 rows)', 'Reading the file: 1,000/1,000 bytes (100 rows)']);
  });

  it('closes overlapping stages in the order they started', () => {
    const { view, lines } = logView();
    view.task(task({ stage: 'reading_members', unit: 'members', done: 0, total: 600 }));
    view.task(task({ stage: 'reading', unit: 'bytes', done: 10, total: 100 }));
    view.task(task({ stage: 'reading_members', unit: 'members', done: 600, total: 600 }));
    view.stop();
    expect(lines).toEqual(["Reading the list's members: 600/600 members", 'Reading the file: 10/100 bytes']);
  });

  it('reports each phase of a run once when it is done, phases finished before it started not at all', () => {
    const { view, lines } = logView();
    view.run(runProgress('import', [['prepare', 'done', 643, 643], ['import', 'active', 0, 166], ['remove', 'active', 0, 120], ['finalize', 'pending', 0, 0]]));
    view.run(runProgress('remove', [['prepare', 'done', 643, 643], ['import', 'active', 0, 166], ['remove', 'done', 120, 120], ['finalize', 'pending', 0, 0]]));
    view.run(runProgress('import', [['prepare', 'done', 643, 643], ['import', 'done', 166, 166], ['remove', 'done', 120, 120], ['finalize', 'active', 0, 0]]));
    view.run(runProgress('finalize', [['prepare', 'done', 643, 643], ['import', 'done', 166, 166], ['remove', 'done', 120, 120], ['finalize', 'done', 0, 0]]));
    view.stop();
    expect(lines).toEqual(['Removing: 120/120, done', 'Importing: 166/166, done', 'Finishing: done']);
  });

  it('reports a phase of the run that was over before the first event came', () => {
    const { view, lines } = logView();
    view.run(runProgress('import', [['read_members', 'done', 600, 600], ['import', 'active', 0, 166], ['remove', 'done', 120, 120]]));
    view.run(runProgress('import', [['read_members', 'done', 600, 600], ['import', 'active', 0, 166], ['remove', 'done', 120, 120]]));
    expect(lines).toEqual(['Removing: 120/120, done']);
  });

  it('says where a run that stopped early left its active phase', () => {
    const { view, lines, advance } = logView();
    view.run(runProgress('import', [['import', 'active', 0, 12_000], ['remove', 'skipped', 0, 0]]));
    advance(2_000);
    view.run(runProgress('import', [['import', 'active', 3_000, 12_000], ['remove', 'skipped', 0, 0]]));
    view.note('Pausing…');
    view.stop();
    expect(lines).toEqual(['Pausing…', 'Importing 3,000/12,000 (25%), 100/s']);
  });
});
