import { describe, expect, it } from 'vitest';
import type { Plan, RunProgress, RunSummary } from '../../../shared/sync';
import type { RunDetail } from '../../../shared/history';
import { renderPerson, renderRowsPage, renderRunDetail, renderRunsPage } from '../../../electron/cli/history-format';
import { applyMapOptions } from '../../../electron/cli/map-options';
import { progressMode } from '../../../electron/cli/progress-view';
import { renderPlan, renderProgressLine, renderRunOutcome } from '../../../electron/cli/sync-format';
import { displayWidth, formatDuration, renderTable } from '../../../electron/cli/text-table';

const counts = { total: 10, added: 3, updated: 1, removed: 2, unchanged: 2, rejected: 1, duplicates: 1, failed: 0, pending: 0 };
const run = (over: Partial<RunSummary> = {}): RunSummary => ({
  id: '3f2a9c1e-0000-4000-8000-000000000000', kind: 'sync', status: 'completed', createdAt: '2025-05-01T10:00:00.000Z',
  startedAt: '2025-05-01T10:00:05.000Z', finishedAt: '2025-05-01T10:01:10.000Z', credential: { id: 'c', name: 'Main' },
  account: { id: 'ACC', name: 'Acme' }, list: { id: 'Y6nRLr', name: 'Newsletter' },
  file: { path: '/x/customers.csv', name: 'customers.csv', sizeBytes: 1234, sha256: 'ab'.repeat(32) }, mode: 'mirror', content: 'identifiers',
  counts, estimateSeconds: 60, actualSeconds: 65, action: null, lastError: null, ...over,
});

describe('tables', () => {
  it('aligns columns by what a terminal shows, cutting long cells', () => {
    const text = renderTable([{ header: 'Name', max: 6 }, { header: 'N', align: 'right' }], [['Zoë', '5'], ['Chloe\u0301 Dubois', '1,000']]);
    const lines = text.split('\n');
    expect(displayWidth(lines[1]!)).toBe(displayWidth('Chloé…  1,000'));
    expect(lines[2]).toBe('Zoë         5');
    expect(lines[3]).toBe('Chloé… 1,000'.replace(' ', '  '));
  });

  it('formats durations for people', () => {
    expect([formatDuration(4.4), formatDuration(65), formatDuration(7260), formatDuration(null)]).toEqual(['4 s', '1 min 05 s', '2 h 01 min', '–']);
  });
});

describe('history output', () => {
  it('lists runs with their short id, status (⚠ when there is something to do) and changes', () => {
    const text = renderRunsPage({ runs: [run(), run({ status: 'paused', action: { kind: 'resume', title: 't', message: 'm', steps: [] } })], total: 5 });
    expect(text).toContain('3f2a9c1e');
    expect(text).toContain('+3 ~1 -2 1 rejected');
    expect(text).toContain('paused ⚠');
    expect(text).toContain('2 of 5 runs');
    expect(renderRunsPage({ runs: [], total: 0 })).toBe('No runs in the history yet.');
  });

  it('shows a run with its counts, phases (estimate against actual), mapping and the action to take', () => {
    const detail: RunDetail = {
      ...run({ status: 'paused', action: { kind: 'replace_key', title: 'Replace the key', message: 'Klaviyo refused the key.', steps: ['Replace it.', 'Resume.'] } }),
      mapping: { defaultRegion: 'GB', columns: [{ index: 0, header: 'E-mail', target: { kind: 'email' } }, { index: 1, header: 'x', target: { kind: 'ignore' } }] },
      audience: null, estimate: null, rowsPurged: true,
      phases: [{ phase: 'read_members', startedAt: '2025-05-01T10:00:05.000Z', finishedAt: '2025-05-01T10:00:35.000Z', requests: 20, estimateSeconds: 28 }],
    };
    const text = renderRunDetail(detail);
    expect(text).toContain('read members');
    expect(text).toMatch(/read members\s+20\s+28 s\s+30 s/);
    expect(text).toContain('Mapping (region GB): E-mail → email');
    expect(text).not.toContain('x →');
    expect(text).toContain('cleared by the retention setting');
    expect(text).toContain('⚠ Replace the key: Klaviyo refused the key.\n  1. Replace it.\n  2. Resume.');
  });

  it('shows lines with the kept line of duplicates and "list" for removed members', () => {
    const text = renderRowsPage({ total: 40, rows: [
      { line: 7, fate: 'duplicate', email: 'a@example.com', phone: null, externalId: null, profileId: null, reason: null, duplicateOf: 3, planned: null },
      { line: null, fate: 'removed', email: 'b@example.com', phone: null, externalId: null, profileId: 'P1', reason: null, duplicateOf: null, planned: 'remove' },
    ] }, undefined, 10);
    expect(text).toContain('same person as line 3');
    expect(text).toMatch(/list\s+removed/);
    expect(text).toContain('11–12 of 40 lines.');
  });

  it('says what the plan will do with a line still pending (a dry run, a paused sync)', () => {
    const text = renderRowsPage({ total: 1, rows: [
      { line: 2, fate: 'pending', email: 'a@example.com', phone: null, externalId: null, profileId: null, reason: null, duplicateOf: null, planned: 'add' },
    ] }, undefined, 0);
    expect(text).toMatch(/^\s*2\s+to add\s+a@example\.com/m);
    expect(renderRowsPage({ rows: [], total: 0 }, 'rejected', 0)).toBe('No rejected lines in this run.');
  });

  it('says how a person query was read, even when nothing matched', () => {
    expect(renderPerson({ query: 'CUST-1', matchedAs: 'externalId', events: [] })).toBe('Nothing in the history for external id "CUST-1".');
  });
});

describe('plan and run output', () => {
  const plan: Plan = {
    runId: 'r', createdAt: '2025-05-01T10:00:00.000Z',
    list: { id: 'Y6nRLr', name: 'Newsletter', exists: true, willCreate: false, memberCount: 2000 },
    mode: 'mirror', content: 'identifiers',
    audience: { records: 655, accepted: 600, rejected: 20, duplicates: 33, blank: 2, rejectedBy: {} },
    counts: { add: 120, update: 0, remove: 1520, unchanged: 480, rejected: 20, duplicates: 33 },
    samples: { add: [{ line: 2, email: 'a@example.com', phone: null, externalId: null, profileId: null }], update: [], remove: [], unchanged: [],
      rejected: [{ line: 612, reason: 'invalid_email', message: '"sam.jones@" is not an email address', values: [] }] },
    estimate: { seconds: 14, phases: [{ phase: 'import', requests: 3, seconds: 9, basis: '1 job' }, { phase: 'remove', requests: 0, seconds: 0, basis: '' }] },
    massRemoval: { confirmationRequired: true, removeShare: 0.76 },
    listCaps: null, memberSource: 'klaviyo', warnings: ['A warning.'],
  };

  it('shows counts with examples, the estimate per phase, the mass-removal warning and the warnings', () => {
    const text = renderPlan(plan, 'customers.csv');
    expect(text).toContain('Plan: customers.csv → "Newsletter" (list Y6nRLr, 2,000 members)');
    expect(text).toMatch(/remove from the list\s+1,520\s+76% of the list;/);
    expect(text).toContain('e.g. a@example.com');
    expect(text).toContain('line 612: "sam.jones@" is not an email address');
    expect(text).toContain('  import: 9 s (1 job)');
    expect(text).not.toContain('  remove: 0 s');
    expect(text).toContain('⚠ This removes 1,520 people, 76% of "Newsletter"');
    expect(text).toContain('⚠ A warning.');
  });

  it('describes progress and how a run ended, with the next step', () => {
    const progress: RunProgress = { runId: 'r', phase: 'import', done: 3000, total: 12000, ratePerSecond: 812.4, etaSeconds: 11, phases: [] };
    expect(renderProgressLine(progress)).toBe('Importing 3,000/12,000 (25%), 812/s, about 11 s left');
    expect(renderProgressLine({ ...progress, phase: 'prepare', done: 0, total: 0 })).toBe('Preparing…');
    expect(renderRunOutcome(run())).toMatch(/^Done in 1 min 05 s: "Newsletter" got 3 added, 1 updated, 2 removed/);
    expect(renderRunOutcome(run({ status: 'paused', counts: { ...counts, pending: 4 } }))).toContain('klaviyo-sync resume 3f2a9c1e-0000-4000-8000-000000000000');
  });
});

describe('--map on top of the suggested mapping', () => {
  const suggested = { defaultRegion: 'US', columns: [{ index: 0, header: 'Mail', target: { kind: 'ignore' as const } }] };
  const headers = ['Mail', 'Phone', 'Plan'];

  it('maps columns by header (any case) or number, keeping the rest of the suggestion', () => {
    const mapping = applyMapOptions(suggested, headers, ['mail=Email', '2=PhoneNumber', 'Plan=property:plan:number'], 'GB');
    expect(mapping).toEqual({ defaultRegion: 'GB', columns: [
      { index: 0, header: 'Mail', target: { kind: 'email' } },
      { index: 1, header: 'Phone', target: { kind: 'phone' } },
      { index: 2, header: 'Plan', target: { kind: 'property', name: 'plan', type: 'number' } },
    ] });
  });

  it('refuses an unknown column or target with the choices', () => {
    expect(() => applyMapOptions(suggested, headers, ['Nope=Email'])).toThrow(/no column "Nope".*1\. "Mail"/);
    expect(() => applyMapOptions(suggested, headers, ['Mail=Emial'])).toThrow(/"Emial" is not a target/);
    expect(() => applyMapOptions(suggested, headers, ['Email'])).toThrow(/not "<column>=<target>"/);
  });
});

describe('how progress is shown', () => {
  it('uses bars on a terminal, JSON lines for programs with --json, plain lines in logs', () => {
    expect(progressMode(false, true, true)).toBe('bars');
    expect(progressMode(false, false, false)).toBe('log');
    expect(progressMode(true, false, true)).toBe('json-lines');
    expect(progressMode(true, true, true)).toBe('bars');
  });
});
