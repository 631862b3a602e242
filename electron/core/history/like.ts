/** LIKE patterns from user text: `%` and `_` typed by a person match themselves, not "anything". */
export const LIKE_ESCAPE = '\\';

export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
}
