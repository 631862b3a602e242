import { describe, expect, it } from 'vitest';
import type { PhaseProgress } from '../../../shared/sync';
import {
  canCancel, canPause, canResume, describeTask, isDryRun, isFinished, overallShare, rowFateLabel, sentCountCell, settledShare, STATUS_LABELS,
} from '../../../renderer/src/lib/runs';

const phase = (p: Partial<PhaseProgress> & Pick<PhaseProgress, 'phase'>): PhaseProgress => ({ done: 0, total: 0, state: 'pending', ...p });

describe('overallShare', () => {
  it('is the share of people imported or removed, whatever else the run did', () => {
    const share = overallShare([
      phase({ phase: 'prepare', state: 'done', done: 10, total: 10 }),
      phase({ phase: 'read_members', state: 'done', done: 90, total: 90 }),
      phase({ phase: 'import', state: 'active', done: 30, total: 180 }),
      phase({ phase: 'remove', state: 'done', done: 30, total: 30 }),
      phase({ phase: 'finalize', state: 'pending' }),
    ]);
    expect(share).toBeCloseTo(60 / 210);
  });
  it('counts a pending phase as not started and never passes one', () => {
    expect(overallShare([phase({ phase: 'import', state: 'pending', done: 50, total: 100 }), phase({ phase: 'remove', state: 'done', done: 100, total: 100 })])).toBe(0.5);
    expect(overallShare([phase({ phase: 'import', state: 'active', done: 120, total: 100 })])).toBe(1);
  });
  it('with nothing to send, is done once every phase is', () => {
    expect(overallShare([phase({ phase: 'import', state: 'skipped' }), phase({ phase: 'finalize', state: 'active', total: 1 })])).toBe(0);
    expect(overallShare([phase({ phase: 'import', state: 'skipped' }), phase({ phase: 'finalize', state: 'done', done: 1, total: 1 })])).toBe(1);
  });
});

describe('settledShare', () => {
  const counts = { total: 200, pending: 180, added: 0, updated: 0, removed: 30, unchanged: 20, rejected: 0, duplicates: 0, failed: 0 };
  it('is the share of the work done: people added, updated, removed or refused, of those and the ones pending', () => {
    expect(settledShare({ counts })).toBeCloseTo(30 / 210);
    expect(settledShare({ counts: { ...counts, pending: 0, added: 140, updated: 35, failed: 5 } })).toBe(1);
  });
  it('agrees with overallShare on the same run', () => {
    expect(settledShare({ counts })).toBeCloseTo(overallShare([
      phase({ phase: 'import', state: 'pending', done: 0, total: 180 }),
      phase({ phase: 'remove', state: 'done', done: 30, total: 30 }),
    ]));
  });
  it('is whole for a run with nothing to send, and zero for an empty file', () => {
    expect(settledShare({ counts: { ...counts, pending: 0, removed: 0 } })).toBe(1);
    expect(settledShare({ counts: { ...counts, total: 0, pending: 0, removed: 0 } })).toBe(0);
  });
});

describe('run controls', () => {
  it('resumes only paused and interrupted runs', () => {
    expect(canResume({ status: 'paused' })).toBe(true);
    expect(canResume({ status: 'interrupted' })).toBe(true);
    expect(canResume({ status: 'failed' })).toBe(false);
    expect(canResume({ status: 'running' })).toBe(false);
  });
  it('pauses only running runs and cancels anything not finished', () => {
    expect(canPause({ status: 'running' })).toBe(true);
    expect(canPause({ status: 'paused' })).toBe(false);
    expect(canCancel({ status: 'paused' })).toBe(true);
    expect(canCancel({ status: 'completed' })).toBe(false);
    expect(isFinished('cancelled')).toBe(true);
    expect(isFinished('interrupted')).toBe(false);
  });
});

describe('describeTask', () => {
  it('gives a share when the total is known and none otherwise', () => {
    expect(describeTask({ taskId: 't', stage: 'reading', done: 25, total: 100, unit: 'bytes', rows: 1200 }))
      .toEqual({ label: 'Reading the file', share: 0.25, detail: '1,200 rows' });
    expect(describeTask({ taskId: 't', stage: 'reading_members', done: 3000, total: null, unit: 'members', rows: 0 }))
      .toEqual({ label: 'Reading the list’s current members', share: null, detail: '3,000 members' });
  });
});

describe('a dry run in History', () => {
  const counts = { total: 200, pending: 210, added: 0, updated: 0, removed: 0, unchanged: 20, rejected: 0, duplicates: 0, failed: 0 };

  it('reads as a dry run, not as a sync', () => {
    expect(isDryRun({ status: 'planned' })).toBe(true);
    expect(isDryRun({ status: 'completed' })).toBe(false);
    expect(STATUS_LABELS.planned).toBe('Dry run');
  });
  it('shows a dash that says why instead of "0 added, 0 removed"', () => {
    for (const count of ['added', 'removed'] as const) {
      expect(sentCountCell({ status: 'planned', counts }, count)).toEqual({ text: '–', label: 'None: a dry run sends nothing' });
    }
  });
  it('shows what a sync that ran sent, zero included', () => {
    expect(sentCountCell({ status: 'completed', counts: { ...counts, pending: 0, added: 1234 } }, 'added')).toEqual({ text: '1,234', label: null });
    expect(sentCountCell({ status: 'cancelled', counts }, 'removed')).toEqual({ text: '0', label: null });
  });
});

describe('a row\'s fate', () => {
  it('says what the plan will do with a pending row', () => {
    expect(rowFateLabel({ fate: 'pending', planned: 'add' })).toEqual({ text: 'To add', tone: 'planned-add' });
    expect(rowFateLabel({ fate: 'pending', planned: 'remove' }).text).toBe('To remove');
    expect(rowFateLabel({ fate: 'pending', planned: null }).text).toBe('Pending');
  });
  it('shows what happened once it did, whatever was planned', () => {
    expect(rowFateLabel({ fate: 'failed', planned: 'add' })).toEqual({ text: 'Failed', tone: 'failed' });
    expect(rowFateLabel({ fate: 'added', planned: 'add' }).text).toBe('Added');
  });
});
