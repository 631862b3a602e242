/**
 * Accounts, in the browser against the real core: the first-run empty state, adding a key (checked
 * with the emulated Klaviyo), missing scopes named with what they block, test, rename, replace, remove.
 * The key itself must never reach the page after it is typed.
 */
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

const KEY = 'pk_e2e_accounts_3f9a2b7c1d';
const NEW_KEY = 'pk_e2e_accounts_new_8e6d5c';
const PARTIAL_KEY = 'pk_e2e_partial_scopes_77aa';

test('first run asks for a key, checks it with Klaviyo and shows only its mask', async ({ page, renderer, emulator }) => {
  void renderer;
  emulator.control.addKey(KEY, { account: { id: 'ACME1', name: 'Acme Outdoors' } });

  await expect(page.getByRole('heading', { name: 'Add your Klaviyo private API key to start' })).toBeVisible();
  await saveScreenshot(page, 'first-run-new-sync');
  await page.getByRole('button', { name: 'Add a key' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible();
  await saveScreenshot(page, 'first-run-accounts');

  await page.getByRole('textbox', { name: 'Name' }).fill('Main store');
  await page.getByRole('textbox', { name: 'Description (optional)' }).fill('Production');
  await page.getByLabel('Private API key', { exact: true }).fill(KEY);
  await page.getByRole('button', { name: 'Save and check' }).click();

  await expect(page.getByText('Connected to Acme Outdoors')).toBeVisible();
  await expect(page.getByText(`shows only as pk_…${KEY.slice(-4)}`)).toBeVisible();
  await saveScreenshot(page, 'account-added');
  await page.getByRole('button', { name: 'Start a sync' }).click();
  await expect(page.getByRole('combobox', { name: 'Klaviyo account' })).toHaveValue(/.+/);
  await expect(page.getByRole('combobox', { name: 'Klaviyo account' }).locator('option:checked')).toHaveText('Main store — Acme Outdoors');
  await expect(page.getByRole('button', { name: 'Choose a CSV file…' })).toBeVisible();
  expect(await page.content()).not.toContain(KEY);
});

test('a key without every scope is saved with the missing scopes named and what they block', async ({ page, renderer, emulator }) => {
  void renderer;
  emulator.control.addKey(PARTIAL_KEY, { account: { id: 'ACME2', name: 'Read Only Co' }, scopes: ['accounts:read', 'lists:read', 'profiles:read'] });
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Readonly');
  await page.getByLabel('Private API key', { exact: true }).fill(PARTIAL_KEY);
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByText('Connected to Read Only Co')).toBeVisible();
  await expect(page.getByText(/lists:write\s*— Without it the app cannot create lists/)).toBeVisible();
  await expect(page.getByText(/profiles:write\s*— Without it the app cannot create and update profiles/)).toBeVisible();
  await saveScreenshot(page, 'account-missing-scopes');
});

test('a refused key is reported in plain words and nothing is saved', async ({ page, renderer, core }) => {
  void renderer;
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Typo');
  await page.getByLabel('Private API key', { exact: true }).fill('pk_not_a_real_key_123');
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).not.toContainText('pk_not_a_real_key_123');
  expect(await core.listCredentials()).toEqual([]);
  // The form says what is wrong before calling anyone when the key is obviously too short.
  await page.getByLabel('Private API key', { exact: true }).fill('pk_1');
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByText('That does not look like a Klaviyo private API key.')).toBeVisible();
});

test('test, rename, replace the key and remove an account', async ({ page, renderer, core, emulator }) => {
  emulator.control.addKey(KEY, { account: { id: 'ACME3', name: 'Acme Outdoors' } });
  emulator.control.addKey(NEW_KEY, { account: 'ACME3' });
  await core.addCredential({ name: 'Main store', description: '', apiKey: KEY });
  await page.goto(renderer.url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const card = page.getByRole('article', { name: /Main store/ });
  await expect(card.getByText('Acme Outdoors')).toBeVisible();

  await card.getByRole('button', { name: 'Test' }).click();
  await expect(card.getByText('The key works: connected to Acme Outdoors.')).toBeVisible();

  await card.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename “Main store”' });
  await expect(rename.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await rename.getByRole('textbox', { name: 'Name' }).fill('Flagship store');
  await rename.getByRole('textbox', { name: 'Name' }).press('Enter');
  await expect(page.getByRole('article', { name: /Flagship store/ })).toBeVisible();
  expect((await core.listCredentials())[0]?.name).toBe('Flagship store');

  const renamed = page.getByRole('article', { name: /Flagship store/ });
  await renamed.getByRole('button', { name: 'Replace key' }).click();
  const replace = page.getByRole('dialog', { name: 'Replace the key' });
  await replace.getByLabel(/New private API key/).fill(NEW_KEY);
  await saveScreenshot(page, 'account-replace-key');
  await replace.getByRole('button', { name: 'Replace and check' }).click();
  await expect(renamed.getByText(/Key replaced: connected to Acme Outdoors/)).toBeVisible();
  await expect(renamed.getByText(`pk_…${NEW_KEY.slice(-4)}`, { exact: true })).toBeVisible();

  await renamed.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove “Flagship store”?' });
  await expect(confirm).toContainText('Nothing changes in Klaviyo');
  // Escape keeps it.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove “Flagship store”?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(renamed).toBeHidden();
  expect(await core.listCredentials()).toEqual([]);
  const html = await page.content();
  expect(html).not.toContain(KEY);
  expect(html).not.toContain(NEW_KEY);
});
