/** Settings in the browser against the real core: saved values come back after the app is reopened. */
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

test('default region and row retention are saved; the data folder is shown read-only', async ({ page, renderer, core, dataDir }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(dataDir, { exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Default country for phone numbers' }).selectOption('GB');
  await page.getByRole('radio', { name: 'For a number of days' }).check();
  const days = page.getByRole('spinbutton', { name: 'Days' });
  await days.fill('0');
  await expect(page.getByText('Enter a whole number of days between 1 and 3,650.')).toBeVisible();
  await days.fill('30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await saveScreenshot(page, 'settings');
  expect(await core.getSettings()).toMatchObject({ defaultRegion: 'GB', rowRetentionDays: 30, dataFolder: dataDir });

  await page.goto(renderer.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Default country for phone numbers' })).toHaveValue('GB');
  await expect(page.getByRole('spinbutton', { name: 'Days' })).toHaveValue('30');
  await page.getByRole('radio', { name: 'Forever' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect((await core.getSettings()).rowRetentionDays).toBeNull();
});
