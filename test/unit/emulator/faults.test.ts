import { describe, expect, it } from 'vitest';
import { Faults } from '../../klaviyo-emulator/faults';

describe('fault rules', () => {
  it('consumes counted faults in order, one per matching request', () => {
    const faults = new Faults();
    faults.failNext(1, 500);
    faults.dropNext(1);
    expect(faults.decide('GET', '/api/lists', 0).fail?.status).toBe(500);
    expect(faults.decide('GET', '/api/lists', 0).drop).toBe('before');
    expect(faults.decide('GET', '/api/lists', 0)).toEqual({ slowMs: 0 });
  });

  it('skips requests outside the path prefix or method, leaving the fault for a later match', () => {
    const faults = new Faults();
    faults.failNext(1, 503, { pathPrefix: '/api/profile-bulk-import-jobs', method: 'POST' });
    expect(faults.decide('GET', '/api/profile-bulk-import-jobs', 0).fail).toBeUndefined();
    expect(faults.decide('POST', '/api/lists', 0).fail).toBeUndefined();
    expect(faults.decide('POST', '/api/profile-bulk-import-jobs', 0).fail?.status).toBe(503);
  });

  it('lets a storm win over counted failures, which wait for after the storm', () => {
    const faults = new Faults();
    faults.failNext(1, 500);
    faults.throttleStorm(1000, 0);
    expect(faults.decide('GET', '/api/lists', 400)).toEqual({ slowMs: 0, stormMs: 600 });
    expect(faults.decide('GET', '/api/lists', 1000).fail?.status).toBe(500);
  });

  it('combines a delay with another fault, and refuses nonsense', () => {
    const faults = new Faults();
    faults.slowNext(1, 50);
    faults.failNext(1, 502);
    expect(faults.decide('GET', '/api/lists', 0)).toEqual({ slowMs: 50, fail: { status: 502, body: 'html' } });
    expect(() => faults.failNext(1, 404 as 500)).toThrow();
    expect(() => faults.dropNext(-1)).toThrow();
  });
});
