/** Is the file still the one that was planned? Same size and the same SHA-256 as when it was staged. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';

export async function fileMatches(path: string, size: number, sha256: string): Promise<boolean> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (info.size !== size) return false;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex') === sha256;
}

export function fileChangedError(path: string): AppError {
  const message = `The file ${path} changed (or was moved) since the sync was planned, so the plan no longer describes it.`;
  return new AppError({
    code: 'FILE_CHANGED',
    message,
    details: { path },
    action: { kind: 'retry', title: 'Plan again', message, steps: ['Plan the sync again with the file as it is now, then start it.'] },
  });
}
