import { describe, expect, it } from 'vitest';
import { estimateRun, importJobCount, jobSeconds, refineJobThroughput, type EstimateInput } from '../../../electron/core/sync/estimate';

/** A bucket that allows `perSecond` requests a second, evenly: n requests take (n - 1) / perSecond. */
const even = (perSecond: number) => (_op: string, n: number) => Math.max(0, n - 1) / perSecond;

const base: EstimateInput = {
  createList: false, importRows: 0, importBytes: 0, removeRows: 0, snapshotRows: 0,
  estimateSeconds: even(10), timeScale: 1, jobThroughput: 1000, jobOverheadSeconds: 0.5, latencySeconds: 0, secondsPerWorkUnit: 0,
};

describe('the run estimate', () => {
  it('packs imports by 10,000 profiles or by 5 MB, whichever needs more jobs', () => {
    expect(importJobCount(0, 0)).toBe(0);
    expect(importJobCount(10_000, 1_000_000)).toBe(1);
    expect(importJobCount(10_001, 1_000_000)).toBe(2);
    expect(importJobCount(5_000, 12_000_000)).toBe(3);
  });

  it('counts a job’s queueing and processing time, scaled like the server', () => {
    expect(jobSeconds(10_000, { jobThroughput: 1000, jobOverheadSeconds: 0.5, timeScale: 1 })).toBeCloseTo(10.5);
    expect(jobSeconds(10_000, { jobThroughput: 1000, jobOverheadSeconds: 0.5, timeScale: 10 })).toBeCloseTo(1.05);
  });

  it('runs imports and removals side by side: the longer one counts', () => {
    const imports = estimateRun({ ...base, importRows: 40_000, importBytes: 1 });
    const removes = estimateRun({ ...base, removeRows: 40_000 });
    const both = estimateRun({ ...base, importRows: 40_000, importBytes: 1, removeRows: 40_000 });
    const phase = (e: typeof both, name: string) => e.phases.find((p) => p.phase === name)?.seconds ?? 0;
    expect(both.seconds).toBeCloseTo(Math.max(phase(imports, 'import'), phase(removes, 'remove')) + phase(both, 'finalize'));
    expect(phase(both, 'remove')).toBeCloseTo(39 / 10);
    // The last of 4 jobs is created after 3 slots, then takes 0.5 + 10 s.
    expect(phase(both, 'import')).toBeCloseTo(0.3 + 10.5);
  });

  it('is bound by the shared budget when polls and creations outnumber what jobs take', () => {
    const e = estimateRun({ ...base, importRows: 200_000, importBytes: 1, jobThroughput: 1_000_000 });
    const importPhase = e.phases.find((p) => p.phase === 'import');
    expect(importPhase?.requests).toBe(40);
    expect(importPhase?.seconds).toBeCloseTo(39 / 10);
  });

  it('adds list creation before everything else', () => {
    const without = estimateRun({ ...base, importRows: 10, importBytes: 1 });
    const withList = estimateRun({ ...base, importRows: 10, importBytes: 1, createList: true, latencySeconds: 0.1 });
    expect(withList.phases[0]?.phase).toBe('create_list');
    expect(withList.seconds).toBeGreaterThan(without.seconds);
  });

  it('learns the account’s job speed from finished jobs, and assumes 1,000/s without any', () => {
    expect(refineJobThroughput([], 0.5)).toBe(1000);
    const timings = [
      { size: 10_000, seconds: 2.05, timeScale: 10 },
      { size: 10_000, seconds: 2.05, timeScale: 10 },
      { size: 5_000, seconds: 1.05, timeScale: 10 },
    ];
    expect(refineJobThroughput(timings, 0.5)).toBeCloseTo(500, 0);
  });
});
