import { describe, expect, it } from 'vitest';
import { stateOnStart } from '../../../electron/core/sync/run-execution';

describe('stateOnStart', () => {
  it('shows a phase a resumed run finished before its pause as done, not pending at 0%', () => {
    expect(stateOnStart(30, 30)).toBe('done');
  });
  it('leaves a phase with work left pending, and one with no work skipped', () => {
    expect(stateOnStart(0, 180)).toBe('pending');
    expect(stateOnStart(120, 180)).toBe('pending');
    expect(stateOnStart(0, 0)).toBe('skipped');
  });
});
