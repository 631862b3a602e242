/**
 * The exit codes of `klaviyo-sync`, for scripts that call it:
 *
 *   0    ok
 *   1    an unexpected error (details in the log)
 *   2    usage: an unknown command or option, a missing argument, a bad --map or --region
 *   3    the input can't be used: the file is missing, unreadable, empty, binary, not a CSV, or the mapping is invalid
 *   4    the output can't be written: the disk is full, the folder is read-only or missing
 *   5–8  credentials, Klaviyo, a stopped run, an unconfirmed mass removal (see sync-exit-codes.ts)
 *   130  interrupted with Ctrl-C (an export is cancelled and leaves no files; a sync is paused)
 */
import type { AppErrorData } from '../../shared/errors';

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_OUTPUT = 4;
export const EXIT_CANCELLED = 130;

/** The exit code for an error the sync commands' table (sync-exit-codes.ts) leaves to this one. */
export function baseExitCode(error: AppErrorData): number {
  if (error.code === 'INVALID_INPUT' && error.details?.usage === true) return EXIT_USAGE;
  switch (error.code) {
    case 'FILE_UNREADABLE':
    case 'FILE_EMPTY':
    case 'FILE_BINARY':
    case 'FILE_NOT_CSV':
    case 'FILE_CHANGED':
    case 'INVALID_MAPPING':
    case 'INVALID_INPUT':
      return EXIT_INPUT;
    case 'WRITE_FAILED':
      return EXIT_OUTPUT;
    case 'CANCELLED':
      return EXIT_CANCELLED;
    default:
      return EXIT_UNEXPECTED;
  }
}
