/**
 * Export for SFTP in the browser against the real core: drop a messy CSV, fix the mapping, choose a
 * folder, write the files; no Klaviyo key needed. The files on disk are checked, not just the screen.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/** Semicolon separated, a BOM, a blank header, shouty emails, a duplicate, an invalid email and a bad line. */
function writeMessyCsv(dir: string): string {
  const path = join(dir, 'spring-promo.csv');
  const lines = [
    'E-Mail;Cell;Given name;;Tier',
    'ANN@Example.com;(206) 555-0100;Ann;x;gold',
    'bob@example.com;206-555-0101;Bob;;silver',
    'carl@example;;Carl;;gold',
    'dana@example.com;+44 20 7946 0958;Dana;;',
    'ann@example.com;;Ann again;;gold',
    'eve@example.com;;Eve;;bronze;extra',
    ';;Nobody;;',
  ];
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return path;
}

test('exports an SFTP-ready audience with its rejects after fixing the mapping', async ({ page, renderer, testShell, dataDir }) => {
  const csv = writeMessyCsv(dataDir);
  // A folder dialog only ever answers with a folder that exists.
  const outDir = join(dataDir, 'sftp-out');
  mkdirSync(outDir);

  await page.getByRole('button', { name: 'Export for SFTP' }).click();
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await expect(page.getByRole('heading', { name: 'spring-promo.csv' })).toBeVisible();
  await expect(page.getByText('Semicolon separated')).toBeVisible();
  await expect(page.getByRole('region', { name: 'File preview' })).toContainText('ANN@Example.com');
  await saveScreenshot(page, 'export-load');

  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “E-Mail”' }).selectOption('email');
  await page.getByRole('combobox', { name: 'Maps to, for column “Cell”' }).selectOption('phone');
  await page.getByRole('combobox', { name: 'Maps to, for column “Given name”' }).selectOption('field:first_name');
  await page.getByRole('combobox', { name: 'Maps to, for column “Tier”' }).selectOption('property');
  await expect(page.getByRole('textbox', { name: 'Property name for column “Tier”' })).toHaveValue('Tier');
  // The check column follows the edits: the phone column shows its normalized form.
  await expect(page.getByRole('list', { name: 'Before and after, Cell' })).toContainText('+12065550100');
  await saveScreenshot(page, 'export-map');

  await page.getByRole('button', { name: 'Next: export' }).click();
  testShell.answerFolder(outDir);
  await page.getByRole('button', { name: 'Choose a folder…' }).click();
  await expect(page.getByText(outDir)).toBeVisible();
  await page.getByRole('button', { name: 'Write the files' }).click();
  await expect(page.getByText('The files are ready')).toBeVisible();
  await saveScreenshot(page, 'export-done');

  const files = page.getByRole('table', { name: 'Files written' });
  const audiencePath = (await files.getByRole('row').nth(0).getByRole('cell').innerText()).trim();
  const rejectsPath = (await files.getByRole('row').nth(1).getByRole('cell').innerText()).trim();
  expect(existsSync(audiencePath)).toBe(true);
  const audience = readFileSync(audiencePath, 'utf8');
  expect(audience.split(/\r?\n/)[0]).toMatch(/^Email,PhoneNumber/);
  expect(audience).toContain('ann@example.com');
  expect(audience).not.toContain('carl@example\n');
  const rejects = readFileSync(rejectsPath, 'utf8');
  expect(rejects).toContain('carl@example');

  // The export is in History, which opens from the result.
  await page.getByRole('button', { name: 'Open in History' }).click();
  await expect(page.getByRole('heading', { name: /SFTP export of spring-promo.csv/ })).toBeVisible();
});

test('a mapping without an identifier cannot go on, and says why', async ({ page, renderer, dataDir }) => {
  const csv = writeMessyCsv(dataDir);
  await page.getByRole('button', { name: 'Export for SFTP' }).click();
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  for (const column of ['E-Mail', 'Cell', 'Given name', 'Tier']) {
    await page.getByRole('combobox', { name: `Maps to, for column “${column}”` }).selectOption('ignore');
  }
  const next = page.getByRole('button', { name: 'Next: export' });
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByRole('alert')).toContainText('Map at least one column to Email, PhoneNumber or ExternalID');
  // aria-disabled (not disabled) keeps the button focusable so its reason can be read; a click does nothing.
  await next.click({ force: true });
  await expect(page.getByRole('heading', { name: 'Map columns', exact: true })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Write the files' })).toHaveCount(0);
});

test('a file that is not a CSV is refused with the core’s wording', async ({ page, renderer, testShell, dataDir }) => {
  void renderer;
  const binary = join(dataDir, 'photo.csv');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
  await page.getByRole('button', { name: 'Export for SFTP' }).click();
  testShell.answerCsvFile(binary);
  await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
  await expect(page.getByRole('alert')).toContainText('“photo.csv” could not be read');
  await expect(page.getByRole('button', { name: 'Next: map columns' })).toBeDisabled();
});
