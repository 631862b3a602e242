/**
 * Steps of the New sync flow and looks at the emulator that several specs share: writing a CSV,
 * loading it, choosing a list, reading a count tile, and who is on a list in "Klaviyo".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type RunningEmulator } from './fixtures';
import type { LaunchedRenderer } from './launch-renderer';

export function writeCsv(dir: string, name: string, header: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${[header, ...rows].join('\n')}\n`, 'utf8');
  return path;
}

/** Members of a list in the emulator, by email. */
export function listEmails(emulator: RunningEmulator, listName: string): string[] {
  const state = emulator.control.state({ members: true });
  const list = state.accounts.flatMap((a) => a.lists).find((l) => l.name === listName);
  return (list?.members ?? []).map((m) => m.email ?? '').filter(Boolean).sort();
}

export async function addCredentialThroughCore(
  page: Page,
  renderer: LaunchedRenderer,
  core: { addCredential(input: { name: string; description: string; apiKey: string }): Promise<unknown> },
  apiKey: string,
) {
  await core.addCredential({ name: 'Main store', description: '', apiKey });
  // The window reads credentials when it starts, as the app does.
  await page.goto(renderer.url);
}

export async function loadFile(page: Page, renderer: LaunchedRenderer, csv: string) {
  await page.getByRole('button', { name: 'New sync' }).click();
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await expect(page.getByRole('region', { name: 'File preview' })).toBeVisible();
}

export async function chooseExistingList(page: Page, name: string, mode: 'Add' | 'Mirror') {
  await page.getByRole('button', { name: 'Next: choose the list' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${name}`) }).check();
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  await page.getByRole('button', { name: 'Next: review' }).click();
  await expect(page.getByRole('heading', { name: /Time estimate/ })).toBeVisible({ timeout: 60_000 });
}

/** The number on a count tile (Review, Done, run detail), found by its label. */
export function tile(page: Page, label: string) {
  return page.locator('.count-tile').filter({ has: page.getByText(label, { exact: true }) }).locator('.count-value');
}
