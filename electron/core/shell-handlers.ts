/**
 * What the shell channels do (file dialogs, help links), with the dialogs and the OS browser passed in:
 * ipc.ts backs them with Electron's dialog and shell, the Playwright bridge with a scripted TestShell.
 * Either way the page gets the same checks and the same Wire answers.
 */
import { z } from 'zod';
import type { Wire, shellChannels } from '../../shared/api';
import { AUDIENCE_FILE_FILTERS, allowedHelpUrl, safeDefaultFileName } from './ipc-guards';

export type ShellChannel = (typeof shellChannels)[number];

/** The subset of Electron's OpenDialogOptions the app uses. */
export interface OpenDialogSpec {
  title: string;
  properties: Array<'openFile' | 'openDirectory' | 'createDirectory'>;
  filters?: Array<{ name: string; extensions: string[] }>;
}
export interface SaveDialogSpec {
  title: string;
  defaultPath: string;
}

export interface ShellBackend {
  showOpenDialog(options: OpenDialogSpec): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: SaveDialogSpec): Promise<{ canceled: boolean; filePath?: string }>;
  openExternal(url: string): Promise<void>;
}

function invalid(message: string): Wire<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

const SaveNameSchema = z.string().max(500);

export function createShellHandlers(backend: ShellBackend): Record<ShellChannel, (args: unknown[]) => Promise<Wire<unknown>>> {
  return {
    'shell.pickCsvFile': async () => {
      const result = await backend.showOpenDialog({ title: 'Open an audience file', properties: ['openFile'], filters: AUDIENCE_FILE_FILTERS });
      return { ok: true, value: result.canceled ? null : (result.filePaths[0] ?? null) };
    },
    'shell.pickFolder': async () => {
      const result = await backend.showOpenDialog({ title: 'Choose a folder', properties: ['openDirectory', 'createDirectory'] });
      return { ok: true, value: result.canceled ? null : (result.filePaths[0] ?? null) };
    },
    'shell.pickSavePath': async (args) => {
      const name = SaveNameSchema.safeParse(args[0]);
      if (!name.success) return invalid('The suggested file name is not valid.');
      const result = await backend.showSaveDialog({ title: 'Save as', defaultPath: safeDefaultFileName(name.data) });
      return { ok: true, value: result.canceled || !result.filePath ? null : result.filePath };
    },
    'shell.openHelp': async (args) => {
      const url = allowedHelpUrl(args[0]);
      if (url === null) return invalid('Only Klaviyo help pages can be opened from the app.');
      await backend.openExternal(url);
      return { ok: true, value: undefined };
    },
  };
}
