/**
 * The shell (file dialogs, help links) for browser tests: a test scripts what the "user" picks in each
 * dialog, with real paths, and reads which help pages the app tried to open. It runs behind the same
 * createShellHandlers as the app, so the page sees the same checks and answers.
 */
import type { OpenDialogSpec, SaveDialogSpec, ShellBackend } from '../../../electron/core/shell-handlers';

export interface TestShell extends ShellBackend {
  /** The next file dialog picks this file (null: the person cancels). Queued, in order. */
  answerCsvFile(path: string | null): void;
  answerFolder(path: string | null): void;
  answerSavePath(path: string | null): void;
  /** Every dialog the app opened, in order (an unanswered dialog is cancelled). */
  readonly dialogs: Array<{ kind: 'csv' | 'folder' | 'save'; options: OpenDialogSpec | SaveDialogSpec }>;
  /** Help pages the app opened in the browser (only allow-listed ones get here). */
  readonly helpOpened: string[];
}

export function createTestShell(): TestShell {
  const csv: Array<string | null> = [];
  const folders: Array<string | null> = [];
  const saves: Array<string | null> = [];
  const dialogs: TestShell['dialogs'] = [];
  const helpOpened: string[] = [];
  return {
    answerCsvFile: (path) => csv.push(path),
    answerFolder: (path) => folders.push(path),
    answerSavePath: (path) => saves.push(path),
    dialogs,
    helpOpened,
    async showOpenDialog(options) {
      const folder = options.properties.includes('openDirectory');
      dialogs.push({ kind: folder ? 'folder' : 'csv', options });
      const path = (folder ? folders : csv).shift() ?? null;
      return { canceled: path === null, filePaths: path === null ? [] : [path] };
    },
    async showSaveDialog(options) {
      dialogs.push({ kind: 'save', options });
      const path = saves.shift() ?? null;
      return path === null ? { canceled: true } : { canceled: false, filePath: path };
    },
    async openExternal(url) {
      helpOpened.push(url);
    },
  };
}
