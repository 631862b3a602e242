/** A header row as people see it: every column gets a unique, visible name. Pure. */
import type { HeaderFix } from '../../../shared/audience';

export function fixHeaders(raw: string[]): { headers: string[]; fixes: HeaderFix[] } {
  const fixes: HeaderFix[] = [];
  const taken = new Set<string>();
  // Names as written are reserved too, so a generated "Email (2)" never collides with a real one.
  const written = new Set(raw.map((h) => h.trim().toLowerCase()).filter((h) => h !== ''));
  const free = (name: string) => !taken.has(name.toLowerCase()) && !written.has(name.toLowerCase());
  const headers = raw.map((original, index) => {
    const trimmed = original.trim();
    let name = trimmed;
    let reason: HeaderFix['reason'] | null = null;
    if (trimmed === '') {
      reason = 'blank';
      name = `Column ${index + 1}`;
      for (let n = 2; !free(name); n++) name = `Column ${index + 1} (${n})`;
    } else if (taken.has(trimmed.toLowerCase())) {
      reason = 'duplicate';
      name = `${trimmed} (2)`;
      for (let n = 3; !free(name); n++) name = `${trimmed} (${n})`;
    }
    taken.add(name.toLowerCase());
    if (reason) fixes.push({ index, original, name, reason });
    return name;
  });
  return { headers, fixes };
}

/** Plain wording for the fixes, e.g. `Column 3 has no name: it is called "Column 3".` */
export function describeHeaderFixes(fixes: HeaderFix[]): string[] {
  return fixes.map((f) => f.reason === 'blank'
    ? `Column ${f.index + 1} has no name: it is called "${f.name}".`
    : `"${f.original.trim()}" appears more than once: column ${f.index + 1} is called "${f.name}".`);
}
