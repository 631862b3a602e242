/**
 * The window's security and lifecycle decisions, kept out of electron/main.ts so they are tested
 * without Electron: the CSP, which renderer URL is ours, and what closing the window does to a run.
 */
import type { RunSummary } from '../../shared/sync';
import type { TrustedRenderer } from './ipc-guards';

/**
 * The Content-Security-Policy for the renderer. Production matches renderer/index.html's meta tag;
 * development must let Vite's dev server inject its React refresh preamble and open its HMR socket.
 */
export function contentSecurityPolicy(devOrigin: string | null): string {
  const hmr = devOrigin ? ` ${devOrigin.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    devOrigin ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${hmr}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The dev server URL when the app runs unpackaged with AUDIENCE_SYNC_DEV_URL set (http on a loopback
 * host only), else null: the packaged app never loads anything but its own index.html.
 */
export function devServerUrl(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  const raw = env.AUDIENCE_SYNC_DEV_URL;
  if (isPackaged || !raw) return null;
  try {
    const url = new URL(raw);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : null;
  } catch {
    return null;
  }
}

/** What the IPC sender check trusts, for the URL the window loads. */
export function trustedRendererFor(devOrigin: string | null, indexFileUrl: string): TrustedRenderer {
  return devOrigin ? { kind: 'origin', origin: devOrigin } : { kind: 'file', url: indexFileUrl };
}

/** Runs that closing the window would cut off mid-send: those must be paused (checkpointed) first. */
export function runsToPauseOnClose(active: readonly RunSummary[]): string[] {
  return active.filter((run) => run.status === 'running').map((run) => run.id);
}

export const CLOSE_DURING_RUN_PROMPT = {
  message: 'A sync is running. Pause it and quit?',
  detail: 'You can resume it next time.',
  buttons: ['Pause and quit', 'Keep running'],
  pauseButton: 0,
  cancelButton: 1,
} as const;

/** Permissions the page may have: writing to the clipboard (copy buttons), nothing else (camera, location, notifications…). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}
