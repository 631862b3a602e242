/**
 * Exit codes of the sync commands, beyond the first commands' 0–4 (0 ok, 1 unexpected error, 2 usage,
 * 3 unreadable or invalid input, 4 cannot write output).
 */
import type { ErrorCode } from '../../shared/errors';

/** A credential or the keychain: no such credential, a refused or under-scoped key, no usable keychain. */
export const EXIT_CREDENTIALS = 5;
/** Klaviyo or the network: unreachable, rate limited past the retries, a list cap, a list that vanished. */
export const EXIT_KLAVIYO = 6;
/** The run stopped before completing (paused with an action to take, failed, cancelled, paused elsewhere). */
export const EXIT_RUN_STOPPED = 7;
/** A mirror sync would remove more than half of the list and nobody confirmed it. */
export const EXIT_MASS_REMOVAL = 8;
/** Ctrl-C (128 + SIGINT): the run was paused and can be resumed. */
export const EXIT_INTERRUPTED = 130;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_CREDENTIALS: EXIT_CREDENTIALS,
  MISSING_SCOPE: EXIT_CREDENTIALS,
  KEYCHAIN_UNAVAILABLE: EXIT_CREDENTIALS,
  CREDENTIAL_NOT_FOUND: EXIT_CREDENTIALS,
  CREDENTIAL_NAME_TAKEN: EXIT_CREDENTIALS,
  LIST_LIMIT_REACHED: EXIT_KLAVIYO,
  LIST_CREATE_DAILY_LIMIT: EXIT_KLAVIYO,
  LIST_NOT_FOUND: EXIT_KLAVIYO,
  RATE_LIMITED: EXIT_KLAVIYO,
  VALIDATION_FAILED: EXIT_KLAVIYO,
  DUPLICATE_PROFILE: EXIT_KLAVIYO,
  NOT_FOUND: EXIT_KLAVIYO,
  SERVER_ERROR: EXIT_KLAVIYO,
  NETWORK_ERROR: EXIT_KLAVIYO,
  TIMEOUT: EXIT_KLAVIYO,
  UNEXPECTED_RESPONSE: EXIT_KLAVIYO,
  MASS_REMOVAL_UNCONFIRMED: EXIT_MASS_REMOVAL,
  CANCELLED: EXIT_INTERRUPTED,
  RUN_NOT_FOUND: 3,
  RUN_STATE: 3,
};

/** The exit code for an error code this module knows, or undefined (the first commands' table decides). */
export function syncExitCode(code: ErrorCode): number | undefined {
  return BY_CODE[code];
}
