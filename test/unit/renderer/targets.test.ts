import { describe, expect, it } from 'vitest';
import type { Mapping, Target } from '../../../shared/mapping';
import {
  choiceToTarget, confidenceLabel, describeTarget, propertyNameFromHeader, sameTarget, TARGET_GROUPS, targetToChoice, withColumnTarget,
} from '../../../renderer/src/lib/targets';

const allChoices = TARGET_GROUPS.flatMap((g) => g.options.map((o) => o.value));

describe('target choices', () => {
  it('round-trips every choice the picker offers', () => {
    for (const choice of allChoices) {
      const target = choiceToTarget(choice, 'Plan', { kind: 'ignore' });
      expect(targetToChoice(target)).toBe(choice);
    }
  });
  it('starts a custom property from the header, as text', () => {
    expect(choiceToTarget('property', '  Loyalty   tier ', { kind: 'ignore' })).toEqual({ kind: 'property', name: 'Loyalty tier', type: 'string' });
  });
  it('keeps the name and type of a property already chosen', () => {
    const previous: Target = { kind: 'property', name: 'points', type: 'number' };
    expect(choiceToTarget('property', 'Points', previous)).toBe(previous);
  });
  it('falls back to ignore for a value the picker never offers', () => {
    expect(choiceToTarget('field:shoe_size', 'x', { kind: 'email' })).toEqual({ kind: 'ignore' });
  });
  it('names a blank header’s property "column"', () => {
    expect(propertyNameFromHeader('   ')).toBe('column');
  });
});

describe('describeTarget', () => {
  it('reads like the product speaks', () => {
    expect(describeTarget({ kind: 'phone' })).toBe('PhoneNumber');
    expect(describeTarget({ kind: 'field', field: 'zip' })).toBe('ZIP / postal code');
    expect(describeTarget({ kind: 'property', name: 'plan', type: 'number' })).toBe('Custom property “plan” (Number)');
  });
});

describe('withColumnTarget', () => {
  it('replaces one column and leaves the original mapping untouched', () => {
    const mapping: Mapping = {
      defaultRegion: 'US',
      columns: [
        { index: 0, header: 'email', target: { kind: 'email' } },
        { index: 1, header: 'mobile', target: { kind: 'ignore' } },
      ],
    };
    const next = withColumnTarget(mapping, 1, { kind: 'phone' });
    expect(next.columns[1]?.target).toEqual({ kind: 'phone' });
    expect(next.columns[0]).toBe(mapping.columns[0]);
    expect(mapping.columns[1]?.target).toEqual({ kind: 'ignore' });
  });
});

describe('sameTarget', () => {
  it('compares fields and properties by their details', () => {
    expect(sameTarget({ kind: 'field', field: 'city' }, { kind: 'field', field: 'city' })).toBe(true);
    expect(sameTarget({ kind: 'field', field: 'city' }, { kind: 'field', field: 'zip' })).toBe(false);
    expect(sameTarget({ kind: 'property', name: 'a', type: 'string' }, { kind: 'property', name: 'a', type: 'date' })).toBe(false);
    expect(sameTarget({ kind: 'email' }, { kind: 'phone' })).toBe(false);
  });
});

describe('confidenceLabel', () => {
  it('puts the thresholds at 0.8 and 0.5', () => {
    expect(confidenceLabel(0.8)).toBe('High');
    expect(confidenceLabel(0.79)).toBe('Medium');
    expect(confidenceLabel(0.5)).toBe('Medium');
    expect(confidenceLabel(0.49)).toBe('Low');
  });
});
