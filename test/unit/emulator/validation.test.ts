import { describe, expect, it } from 'vitest';
import { parseApiKey, parseSeedFile } from '../../klaviyo-emulator/cli-options';
import { toJsonSchema } from '../../klaviyo-emulator/json-schema';
import { isValidE164, isValidEmail, profileAttributeProblems } from '../../klaviyo-emulator/validation';

describe('profile validation', () => {
  it('accepts ordinary emails and refuses malformed ones', () => {
    for (const ok of ['a@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie"]) expect(isValidEmail(ok), ok).toBe(true);
    for (const bad of ['', 'plain', '@example.com', 'a@', 'a@b', 'a b@example.com', 'a@example..com', 'a@-example.com']) expect(isValidEmail(bad), bad).toBe(false);
  });

  it('accepts only strict E.164 numbers that are valid', () => {
    for (const ok of ['+12065550100', '+447911123456', '+33612345678']) expect(isValidE164(ok), ok).toBe(true);
    for (const bad of ['12065550100', '+1 206 555 0100', '+1(206)5550100', '+1206555010', '+0123456789', '+99912345678']) expect(isValidE164(bad), bad).toBe(false);
  });

  it('names every bad attribute with its pointer', () => {
    const problems = profileAttributeProblems({ email: 'x', phone_number: '1', shoe: 1 }, '/data/attributes', false);
    expect(problems.map((p) => p.source)).toEqual([
      { pointer: '/data/attributes/email' }, { pointer: '/data/attributes/phone_number' }, { pointer: '/data/attributes/shoe' },
    ]);
  });

  it('requires an identifier unless the profile id is given', () => {
    expect(profileAttributeProblems({ first_name: 'A' }, '/p', false)).toHaveLength(1);
    expect(profileAttributeProblems({ first_name: 'A' }, '/p', true)).toEqual([]);
  });
});

describe('OpenAPI 3.0 to JSON Schema', () => {
  it('turns nullable into a null alternative, including enums and $ref siblings', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] }, false)).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ $ref: '#/x', nullable: true }, false)).toEqual({ anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
  });

  it('closes request objects that declare properties, leaving free-form objects open', () => {
    const converted = toJsonSchema({ type: 'object', properties: { properties: { type: 'object' }, description: { type: 'string' } } }, true);
    expect(converted).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { properties: { type: 'object' }, description: { type: 'string' } },
    });
  });
});

describe('command-line values', () => {
  it('parses KEY[=scope,scope…][@account]', () => {
    expect(parseApiKey('pk_test_local')).toEqual({ key: 'pk_test_local' });
    expect(parseApiKey('pk_ro=lists:read,profiles:read')).toEqual({ key: 'pk_ro', scopes: ['lists:read', 'profiles:read'] });
    expect(parseApiKey('pk_b=lists:write@acme')).toEqual({ key: 'pk_b', scopes: ['lists:write'], account: 'acme' });
    expect(parseApiKey('pk_c@acme')).toEqual({ key: 'pk_c', account: 'acme' });
    expect(() => parseApiKey('pk_x=lists')).toThrow(/scope/);
  });

  it('reads a seed file in any of its three shapes and names the first problem', () => {
    const one = { lists: [{ name: 'A', members: 3 }] };
    expect(parseSeedFile(one)).toEqual([one]);
    expect(parseSeedFile([one, one])).toHaveLength(2);
    expect(parseSeedFile({ seeds: [one] })).toEqual([one]);
    expect(() => parseSeedFile({ lists: [{ name: 'A', members: 'many' }] })).toThrow(/lists\.0\.members/);
  });
});
