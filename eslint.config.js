// Lint rules that keep the process boundaries honest (see ARCHITECTURE.md, "Boundaries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main.ts, electron/preload.ts and electron/ipc.ts may import electron.',
};
const noNode = nodeBuiltins.map((name) => ({
  name,
  message: 'This code runs without Node: use the AppApi (shared/api.ts) instead.',
}));

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'dist-renderer/**', 'release/**',
      'test-results/**', 'playwright-report/**', 'test/e2e/artifacts/**', '.bench/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    // The three files that are allowed to talk to Electron.
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'test/e2e/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The core must run under plain Node (CLI, tests): never Electron, never the renderer.
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/renderer/**'], message: 'The core never imports the renderer.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, ...noNode],
        patterns: [{ group: ['**/electron/**', '**/electron/core/**'], message: 'The renderer reaches the main process only through window.audienceSync (shared/api.ts).' }],
      }],
    },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, ...noNode, { name: 'react', message: 'shared/ is environment-free.' }],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing environment-specific.' }],
      }],
    },
  },
);
