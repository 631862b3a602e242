/** Turns file-system failures into AppErrors a marketer can act on (plain words, the next step). */
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const fixFile = (message: string, steps: string[]) => ({ kind: 'fix_file' as const, title: 'Fix the file', message, steps });

/** The input file could not be opened or read. */
export function readFailed(error: unknown, path: string): AppError {
  if (AppError.is(error)) return error;
  const name = basename(path);
  const code = errnoCode(error);
  const message =
    code === 'ENOENT' ? `We couldn't find "${name}". It may have been moved or renamed: choose it again.`
    : code === 'EISDIR' ? `"${name}" is a folder, not a CSV file: choose a file inside it.`
    : code === 'EACCES' || code === 'EPERM' ? `We aren't allowed to read "${name}". Check the file's permissions, or copy it to your Documents folder and try again.`
    : `We couldn't read "${name}" (${code ?? 'unknown error'}). Check the disk or copy the file somewhere else and try again.`;
  return new AppError({ code: 'FILE_UNREADABLE', message, details: { path, errno: code ?? null } }, { cause: error });
}

/** Writing the export failed: say why in plain words (full disk, no permission, read-only disk). */
export function writeFailed(error: unknown, dir: string): AppError {
  if (AppError.is(error)) return error;
  const code = errnoCode(error);
  const message =
    code === 'ENOSPC' || code === 'EDQUOT' ? `The disk is full: free some space in ${dir} and try again.`
    : code === 'EACCES' || code === 'EPERM' ? `We aren't allowed to write in ${dir}: choose another folder (for example your Documents folder).`
    : code === 'EROFS' ? `${dir} is on a read-only disk: choose another folder.`
    : code === 'ENOENT' ? `The folder ${dir} doesn't exist: create it or choose another folder.`
    : code === 'ENOTDIR' ? `${dir} is not a folder: choose a folder for the export.`
    : `We couldn't write the export in ${dir} (${code ?? 'unknown error'}): try another folder.`;
  return new AppError({
    code: 'WRITE_FAILED', message, details: { folder: dir, errno: code ?? null },
    action: { kind: 'retry', title: 'Choose another folder or free space', message, steps: ['Free some space or choose a folder you can write to.', 'Run the export again.'] },
  }, { cause: error });
}

export function fileEmpty(name: string, headerOnly: boolean): AppError {
  const message = headerOnly
    ? `"${name}" has a header but no rows: add the people to it, or choose the file that has them.`
    : `"${name}" is empty: choose the CSV file that has your audience in it.`;
  return new AppError({ code: 'FILE_EMPTY', message, action: fixFile(message, ['Open the file and check it has a header row and at least one person.']) });
}

export function fileNotCsv(name: string, what: string): AppError {
  const message = `"${name}" is ${what}, not a CSV file: open it and save it as CSV first (in Excel: File › Save As › CSV UTF-8), then choose the CSV.`;
  return new AppError({ code: 'FILE_NOT_CSV', message, action: fixFile(message, ['Open the file in the program that made it.', 'Save it as CSV (UTF-8).', 'Choose the new .csv file.']) });
}

export function fileBinary(name: string): AppError {
  const message = `"${name}" doesn't look like text (it contains binary data), so it can't be a CSV file: choose the CSV export of your list.`;
  return new AppError({ code: 'FILE_BINARY', message, action: fixFile(message, ['Export your list as CSV from the tool that holds it.', 'Choose that .csv file.']) });
}

export function unclosedQuote(name: string, line: number, limitMb: number): AppError {
  const message = `Line ${line} of "${name}" opens a quoted value that is not closed within ${limitMb} MB: a quote (") is probably missing. Fix that line and try again.`;
  return new AppError({ code: 'FILE_NOT_CSV', message, details: { line }, action: fixFile(message, [`Open the file and look at line ${line}.`, 'Close the quote or remove the stray one.']) });
}

/** The file was modified while we read it: the result would mix two versions. */
export function fileChanged(name: string): AppError {
  return new AppError({ code: 'FILE_CHANGED', message: `"${name}" changed while we were reading it. Wait until the program writing it is done, then try again.` });
}
