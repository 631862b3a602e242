import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../electron/core/audience/email';

describe('normalizeEmail', () => {
  it('trims and lower-cases a valid address', () => {
    expect(normalizeEmail('  Ann.Lee+News@Example.COM ')).toEqual({ ok: true, value: 'ann.lee+news@example.com' });
  });

  it.each([
    ['ann.example.com', 'has no @'],
    ['ann@@example.com', 'has more than one @'],
    ['ann lee@example.com', 'contains a space'],
    ['@example.com', 'has nothing before the @'],
    ['ann@', 'has nothing after the @'],
    ['ann@localhost', 'has no dot in the domain'],
    ['ann..lee@example.com', 'misplaced dot'],
    ['.ann@example.com', 'misplaced dot'],
    ['ann@exa_mple.com', 'invalid domain'],
    ['ann@example.c', 'invalid domain ending'],
    ['ann@-example.com', 'invalid domain'],
    ['"ann"@example.com', 'characters not allowed before the @'],
    ['anné@example.com', 'characters an email address cannot have'],
    [`${'a'.repeat(65)}@example.com`, 'more than 64 characters'],
  ])('rejects %j because it %s', (raw, why) => {
    const result = normalizeEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(why);
  });

  it('accepts internationalized (punycode) domains and plus addressing', () => {
    expect(normalizeEmail('x+tag@xn--bcher-kva.example').ok).toBe(true);
  });

  it('is idempotent: a normalized address normalizes to itself', () => {
    fc.assert(fc.property(fc.emailAddress(), (address) => {
      const once = normalizeEmail(address);
      if (!once.ok) return;
      expect(normalizeEmail(once.value)).toEqual(once);
      expect(normalizeEmail(` ${once.value.toUpperCase()} `)).toEqual(once);
    }));
  });
});
