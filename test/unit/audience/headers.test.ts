import { describe, expect, it } from 'vitest';
import { describeHeaderFixes, fixHeaders } from '../../../electron/core/audience/headers';

describe('fixHeaders', () => {
  it('names blank headers after their column and numbers duplicates', () => {
    const { headers, fixes } = fixHeaders(['Email', '', 'Name', 'email', 'Name', ' ']);
    expect(headers).toEqual(['Email', 'Column 2', 'Name', 'email (2)', 'Name (2)', 'Column 6']);
    expect(fixes.map((f) => [f.index, f.reason])).toEqual([[1, 'blank'], [3, 'duplicate'], [4, 'duplicate'], [5, 'blank']]);
  });

  it('never produces a name that collides with a real header', () => {
    const { headers } = fixHeaders(['Column 2', '', 'Email', 'Email', 'Email (2)']);
    expect(new Set(headers.map((h) => h.toLowerCase())).size).toBe(headers.length);
    expect(headers).toEqual(['Column 2', 'Column 2 (2)', 'Email', 'Email (3)', 'Email (2)']);
  });

  it('trims names and explains each fix', () => {
    const { headers, fixes } = fixHeaders([' Email ', '']);
    expect(headers).toEqual(['Email', 'Column 2']);
    expect(describeHeaderFixes(fixes)).toEqual(['Column 2 has no name: it is called "Column 2".']);
  });
});
