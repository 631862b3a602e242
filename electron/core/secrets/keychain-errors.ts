/**
 * The KEYCHAIN_UNAVAILABLE error, worded for the platform the app runs on: what is wrong and the fix.
 * Pure, so each platform's wording is unit-tested on any machine.
 */
import { AppError } from '../../../shared/errors';

export function keychainFix(platform: NodeJS.Platform): { where: string; steps: string[] } {
  switch (platform) {
    case 'darwin':
      return {
        where: 'the macOS Keychain',
        steps: ['Open Keychain Access and unlock the "login" keychain (File → Unlock Keychain "login").', 'Then try again.'],
      };
    case 'win32':
      return {
        where: 'Windows Credential Manager',
        steps: ['Make sure Windows Credential Manager is available to your user account (Control Panel → Credential Manager).', 'Then try again.'],
      };
    default:
      return {
        where: 'your system keychain (a Secret Service provider)',
        steps: [
          'Install and unlock GNOME Keyring or KWallet (a Secret Service provider), for example: sudo apt-get install gnome-keyring dbus.',
          'On a server or in a terminal without a desktop, run the command inside `dbus-run-session` with `gnome-keyring-daemon --unlock`, e.g. dbus-run-session -- sh -c \'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; klaviyo-sync …\'.',
          'For a one-off command you can also pass the key in the KLAVIYO_API_KEY environment variable (it is never saved).',
        ],
      };
  }
}

/** `reason` is what the keychain said (e.g. "Cannot autolaunch D-Bus without X11 $DISPLAY"); never a secret. */
export function keychainUnavailable(platform: NodeJS.Platform, reason: string, cause?: unknown): AppError {
  const { where, steps } = keychainFix(platform);
  const message = `Audience Sync keeps Klaviyo API keys only in ${where}, and it can't be used right now (${reason}). Keys are never saved anywhere else.`;
  return new AppError({
    code: 'KEYCHAIN_UNAVAILABLE',
    message: `${message} ${steps[0]}`,
    details: { reason, platform },
    action: { kind: 'retry', title: 'Make the keychain available', message, steps },
  }, cause === undefined ? undefined : { cause });
}
