/**
 * Keychain tests must run inside scripts/with-keyring.mjs on Linux, so they use a private, unlocked
 * gnome-keyring and never the developer's own. Say so plainly instead of failing obscurely.
 */
export function assertPrivateKeyring(): void {
  if (process.platform === 'linux' && process.env.AUDIENCE_SYNC_KEYRING !== 'private') {
    throw new Error('Keychain tests run inside a private keyring: node scripts/with-keyring.mjs npx vitest run --project integration …');
  }
}
