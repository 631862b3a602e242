import { describe, expect, it } from 'vitest';
import { capStatus, listChoiceProblem, sameListName } from '../../../renderer/src/lib/lists';
import { massRemovalConfirmed, planHasWork, planKey, type PlanInputs } from '../../../renderer/src/lib/plan';
import { explainScopes } from '../../../renderer/src/lib/scopes';

describe('capStatus', () => {
  it('counts lists and segments together against the cap', () => {
    const cap = capStatus({ listCount: 400, segmentCount: 12, cap: 1000 });
    expect(cap).toMatchObject({ used: 412, left: 588, level: 'ok' });
    expect(cap.text).toBe('412 of 1,000 lists and segments used.');
  });
  it('warns in the last 5% and says so when full', () => {
    expect(capStatus({ listCount: 940, segmentCount: 0, cap: 1000 }).level).toBe('ok');
    expect(capStatus({ listCount: 951, segmentCount: 0, cap: 1000 })).toMatchObject({ level: 'near', left: 49 });
    const full = capStatus({ listCount: 990, segmentCount: 10, cap: 1000 });
    expect(full.level).toBe('full');
    expect(full.text).toContain('will not create another list');
  });
});

describe('listChoiceProblem', () => {
  const full = capStatus({ listCount: 1000, segmentCount: 0, cap: 1000 });
  it('asks for a choice, then for a name', () => {
    expect(listChoiceProblem(null, null)).toMatch(/Choose a list/);
    expect(listChoiceProblem({ kind: 'new', name: '   ' }, null)).toMatch(/name/);
  });
  it('blocks a new list at the cap but not an existing one', () => {
    expect(listChoiceProblem({ kind: 'new', name: 'VIP' }, full)).toMatch(/limit/);
    expect(listChoiceProblem({ kind: 'existing', id: 'L1', name: 'VIP' }, full)).toBeNull();
  });
});

describe('sameListName', () => {
  it('ignores case and surrounding spaces', () => {
    expect(sameListName(' VIP customers ', 'vip Customers')).toBe(true);
    expect(sameListName('VIP', 'VIPs')).toBe(false);
  });
});

describe('massRemovalConfirmed', () => {
  const plan = { list: { id: 'L1', name: 'Newsletter', exists: true, willCreate: false, memberCount: 10 }, massRemoval: { confirmationRequired: true, removeShare: 0.8 } };
  it('needs the list name typed or the box ticked', () => {
    expect(massRemovalConfirmed(plan, { typedName: '', ticked: false })).toBe(false);
    expect(massRemovalConfirmed(plan, { typedName: 'Newslet', ticked: false })).toBe(false);
    expect(massRemovalConfirmed(plan, { typedName: ' newsletter ', ticked: false })).toBe(true);
    expect(massRemovalConfirmed(plan, { typedName: '', ticked: true })).toBe(true);
  });
  it('needs nothing when the plan does not ask', () => {
    expect(massRemovalConfirmed({ ...plan, massRemoval: { confirmationRequired: false, removeShare: 0.1 } }, { typedName: '', ticked: false })).toBe(true);
  });
});

describe('planKey', () => {
  const inputs: PlanInputs = {
    credentialId: 'c1', path: '/a.csv', mode: 'add', content: 'identifiers', list: { id: 'L1' },
    mapping: { defaultRegion: 'US', columns: [{ index: 0, header: 'email', target: { kind: 'email' } }] },
  };
  it('is the same for equal inputs and differs when anything changes', () => {
    expect(planKey({ ...inputs, mapping: structuredClone(inputs.mapping) })).toBe(planKey(inputs));
    expect(planKey({ ...inputs, mode: 'mirror' })).not.toBe(planKey(inputs));
    expect(planKey({ ...inputs, mapping: { ...inputs.mapping, defaultRegion: 'GB' } })).not.toBe(planKey(inputs));
  });
});

describe('planHasWork', () => {
  it('is false when nothing would be added, updated or removed', () => {
    const counts = { add: 0, update: 0, remove: 0, unchanged: 5, rejected: 2, duplicates: 1 };
    expect(planHasWork({ counts })).toBe(false);
    expect(planHasWork({ counts: { ...counts, remove: 1 } })).toBe(true);
  });
});

describe('explainScopes', () => {
  it('says what each missing scope blocks, and something sensible for an unknown one', () => {
    const [lists, other] = explainScopes(['lists:write', 'mystery:read']);
    expect(lists?.blocks).toMatch(/create lists/);
    expect(other?.blocks).toMatch(/part of a sync/);
  });
});
