/**
 * The New sync flow end to end in the browser, against the real core and the Klaviyo emulator: the
 * first sync from an empty app, a key revoked mid-run and fixed from its alert, the list cap, a mass
 * removal confirmation, and History read with Klaviyo gone. The emulator's own state is the judge of
 * what happened in "Klaviyo".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';
import { addCredentialThroughCore, chooseExistingList, listEmails, loadFile, tile, writeCsv } from './support/sync-steps';

const KEY = 'pk_e2e_sync_5c1f9d3a7b2e';
const NEW_KEY = 'pk_e2e_sync_replacement_4d8e';
const ACCOUNT = { id: 'ACMEE2E', name: 'Acme Outdoors' };

// Needs the sync engine: planSync, startRun, resumeRun, listAlerts, getRun, listRunRows, findPerson.
test('first sync: add a key, load a messy CSV, fix the mapping, mirror a list, find a person in History', async ({ page, renderer, emulator, dataDir }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.seed({
    account: ACCOUNT.id,
    lists: [{ name: 'VIP customers', members: [{ email: 'ann@example.com' }, { email: 'bob@example.com' }, { email: 'carol@example.com' }, { email: 'gone1@example.com' }, { email: 'gone2@example.com' }] }],
  });
  const csv = writeCsv(dataDir, 'vip-june.csv', 'Mail;Cell;First;Notes', [
    'ANN@example.com;(206) 555-0100;Ann;likes boots',
    'bob@example.com;;Bob;',
    'carol@example.com;206.555.0102;Carol;',
    'dana@example.com;;Dana;',
    'not-an-email;;Zed;',
    'bob@example.com;;Bob twice;',
  ]);

  // First run: no key yet.
  await expect(page.getByRole('heading', { name: 'Add your Klaviyo private API key to start' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a key' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Main store');
  await page.getByLabel('Private API key', { exact: true }).fill(KEY);
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByText('Connected to Acme Outdoors')).toBeVisible();
  await page.getByRole('button', { name: 'Start a sync' }).click();

  // Load.
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await expect(page.getByRole('region', { name: 'File preview' })).toContainText('ANN@example.com');
  await saveScreenshot(page, 'sync-1-load');

  // Map: fix what the suggestions may have missed, and ignore the notes.
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “Mail”' }).selectOption('email');
  await page.getByRole('combobox', { name: 'Maps to, for column “Cell”' }).selectOption('phone');
  await page.getByRole('combobox', { name: 'Maps to, for column “Notes”' }).selectOption('ignore');
  await expect(page.getByRole('list', { name: 'Before and after, Cell' })).toContainText('+12065550100');
  await saveScreenshot(page, 'sync-2-map');

  // List: existing, mirror.
  await page.getByRole('button', { name: 'Next: choose the list' }).click();
  await expect(page.getByText(/of 1,000 lists and segments used/)).toBeVisible();
  await page.getByRole('radio', { name: /^VIP customers/ }).check();
  await page.getByRole('radio', { name: /^Mirror/ }).check();
  await saveScreenshot(page, 'sync-3-list');

  // Review: two members are not in the file and leave the list.
  await page.getByRole('button', { name: 'Next: review' }).click();
  await expect(page.getByRole('heading', { name: /Time estimate/ })).toBeVisible({ timeout: 60_000 });
  await expect(tile(page, 'Remove from the list')).toHaveText('2');
  await expect(tile(page, 'Rejected lines')).toHaveText('1');
  await page.getByRole('tab', { name: /Removes/ }).click();
  await expect(page.getByRole('tabpanel')).toContainText('gone1@example.com');
  await saveScreenshot(page, 'sync-4-review');

  // Run → Done.
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('region', { name: 'Sync progress' }).or(page.getByText(/^Completed:/))).toBeVisible();
  await saveScreenshot(page, 'sync-5-run');
  await expect(page.getByText(/^Completed: “VIP customers”/)).toBeVisible({ timeout: 90_000 });
  await saveScreenshot(page, 'sync-6-done');
  expect(listEmails(emulator, 'VIP customers')).toEqual(['ann@example.com', 'bob@example.com', 'carol@example.com', 'dana@example.com']);

  // History: the run, and what happened to one person.
  await page.getByRole('button', { name: 'Open in History' }).click();
  await expect(page.getByRole('heading', { name: /Sync to “VIP customers”/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'Show' }).selectOption('removed');
  await expect(page.getByRole('table', { name: 'Lines of the file' })).toContainText('gone1@example.com');
  await saveScreenshot(page, 'history-run-detail');
  await page.getByRole('button', { name: '← History' }).click();
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('VIP customers');
  await page.getByRole('searchbox', { name: 'Email, phone number or external id' }).fill('gone2@example.com');
  await page.getByRole('button', { name: 'Search all runs' }).click();
  await expect(page.getByRole('table', { name: /gone2@example.com/ })).toContainText('Removed');
  await saveScreenshot(page, 'history-person');
});

// Needs the sync engine: planSync, startRun, resumeRun (with the replace_key action), listAlerts.
test('a key revoked mid-run raises an alert; replacing the key there and resolving finishes the sync', async ({ page, renderer, core, emulator, dataDir }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.addKey(NEW_KEY, { account: ACCOUNT.id });
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: 'Newsletter', members: 3 }] });
  const people = Array.from({ length: 300 }, (_, i) => `person${i}@example.com`);
  const csv = writeCsv(dataDir, 'newsletter.csv', 'email', people);
  await addCredentialThroughCore(page, renderer, core, KEY);
  await loadFile(page, renderer, csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await chooseExistingList(page, 'Newsletter', 'Add');

  // Klaviyo accepts two more requests with this key, then refuses it.
  emulator.control.revokeKeyAfter(KEY, 2);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('button', { name: 'Alerts, 1 to resolve' })).toBeVisible({ timeout: 60_000 });
  await saveScreenshot(page, 'alert-bell');
  await page.getByRole('button', { name: 'Alerts, 1 to resolve' }).click();
  await saveScreenshot(page, 'alerts-list');
  await page.getByRole('main').getByRole('button', { name: /API key/ }).click();
  await expect(page.getByRole('heading', { name: 'What happened and how to fix it' })).toBeVisible();
  await saveScreenshot(page, 'alert-replace-key');

  await page.getByLabel(/New private API key for “Main store”/).fill(NEW_KEY);
  await page.getByRole('button', { name: 'Replace key' }).click();
  await expect(page.getByText(/Key replaced: connected to Acme Outdoors/)).toBeVisible();
  await page.getByRole('button', { name: 'Resolve: resume the sync' }).click();
  await expect(page.getByText(/^Completed: “Newsletter”/)).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Alerts, none' })).toBeVisible();
  const members = listEmails(emulator, 'Newsletter');
  for (const email of people) expect(members).toContain(email);
  expect(await page.content()).not.toContain(NEW_KEY);
});

// Needs the sync engine: planSync (listCaps), startRun failing with LIST_LIMIT_REACHED as a remove_lists action.
test('the list cap: a new list is refused at 1,000 lists and segments, with the counts and a way to re-count', async ({ page, renderer, core, emulator, dataDir }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: 'Existing', members: 2 }], segments: 998 });
  const csv = writeCsv(dataDir, 'fresh.csv', 'email', ['a@example.com', 'b@example.com']);
  await addCredentialThroughCore(page, renderer, core, KEY);
  await loadFile(page, renderer, csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await page.getByRole('button', { name: 'Next: choose the list' }).click();
  await expect(page.getByText('999 of 1,000 lists and segments used: room for 1 more.')).toBeVisible();
  await page.getByRole('radio', { name: 'A new list' }).check();
  await page.getByRole('textbox', { name: 'New list name' }).fill('Summer launch');
  await saveScreenshot(page, 'list-cap-near');
  await page.getByRole('button', { name: 'Next: review' }).click();
  await expect(page.getByText('The list “Summer launch” will be created.')).toBeVisible({ timeout: 60_000 });

  // Someone fills the last slot in Klaviyo before the sync starts.
  emulator.control.seed({ account: ACCOUNT.id, segments: 1 });
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByText('1,000 of 1,000 lists and segments used', { exact: false }).first()).toBeVisible({ timeout: 60_000 });
  await saveScreenshot(page, 'list-cap-alert');
  await page.getByRole('button', { name: 'Count again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'will not create another list' })).toBeVisible();
  expect(emulator.control.state().accounts[0]?.lists.map((l) => l.name)).not.toContain('Summer launch');

  // And at the cap, the List step refuses a new list up front.
  await page.getByRole('button', { name: 'New sync' }).click();
  await page.getByRole('button', { name: 'Start another sync' }).click();
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await page.getByRole('button', { name: 'Next: choose the list' }).click();
  await page.getByRole('radio', { name: 'A new list' }).check();
  await expect(page.getByText(/1,000 of 1,000 lists and segments used/)).toBeVisible();
  await page.getByRole('textbox', { name: 'New list name' }).fill('One too many');
  const next = page.getByRole('button', { name: 'Next: review' });
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  // Still focusable and clickable, to say why it will not go on.
  await next.click({ force: true });
  await expect(page.getByText(/reached Klaviyo’s limit of lists and segments/)).toBeVisible();
  await expect(page.getByRole('heading', { name: /Time estimate/ })).toHaveCount(0);
});

// Needs the sync engine: planSync, startRun (massRemoval.confirmationRequired), getRun.
test('a mirror sync that empties most of a list starts only after the list name is typed', async ({ page, renderer, core, emulator, dataDir }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: 'Loyalty', members: [{ email: 'keep@example.com' }, { email: 'x1@example.com' }, { email: 'x2@example.com' }, { email: 'x3@example.com' }] }] });
  const csv = writeCsv(dataDir, 'loyalty.csv', 'email', ['keep@example.com']);
  await addCredentialThroughCore(page, renderer, core, KEY);
  await loadFile(page, renderer, csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await chooseExistingList(page, 'Loyalty', 'Mirror');

  await expect(page.getByText(/This sync removes 3 people \(75%\) from “Loyalty”/)).toBeVisible();
  const start = page.getByRole('button', { name: 'Start sync' });
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('textbox', { name: 'Type the list name to confirm' }).fill('Loyal');
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('textbox', { name: 'Type the list name to confirm' }).fill('loyalty');
  await expect(start).toHaveAttribute('aria-disabled', 'false');
  await saveScreenshot(page, 'review-mass-removal');
  await start.click();
  await expect(page.getByText(/^Completed: “Loyalty”/)).toBeVisible({ timeout: 90_000 });
  expect(listEmails(emulator, 'Loyalty')).toEqual(['keep@example.com']);
});

// Needs the sync engine: planSync; then History's listRuns and getRun.
test('a plan that was never started shows in History as a dry run, not as a sync that added and removed nobody', async ({ page, renderer, core, emulator, dataDir }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: 'Draft', members: [{ email: 'stay1@example.com' }, { email: 'stay2@example.com' }, { email: 'leave@example.com' }] }] });
  const csv = writeCsv(dataDir, 'draft.csv', 'email', ['stay1@example.com', 'stay2@example.com', 'new1@example.com', 'new2@example.com', 'not-an-email']);
  await addCredentialThroughCore(page, renderer, core, KEY);
  await loadFile(page, renderer, csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await chooseExistingList(page, 'Draft', 'Mirror');
  await expect(tile(page, 'Add to the list')).toHaveText('2');
  await expect(tile(page, 'Remove from the list')).toHaveText('1');

  // The person reviews the plan and walks away without starting it.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'draft.csv' });
  await expect(row.getByRole('cell').nth(4)).toHaveText('Dry run');
  await expect(row.getByRole('cell', { name: 'None: a dry run sends nothing', exact: true })).toHaveCount(2);
  await expect(row.getByRole('cell').nth(7)).toHaveText('1');
  await saveScreenshot(page, 'history-dry-run');

  await row.getByRole('button').click();
  await expect(page.getByRole('heading', { name: /Sync to “Draft”/ })).toContainText('Dry run');
  await expect(page.getByText(/^A dry run: this sync was planned and reviewed but never started, so nothing was sent to Klaviyo/)).toBeVisible();
  await expect(tile(page, 'Lines in the file')).toHaveText('5');
  await expect(tile(page, 'Rejected')).toHaveText('1');
  // No "Added 0 / Removed 0" that reads as a sync that changed nothing.
  for (const label of ['Added', 'Updated', 'Removed', 'Unchanged']) await expect(tile(page, label)).toHaveCount(0);
  // Each line says what the plan would have done with it, not "Pending".
  const lines = page.getByTestId('row-fates-scroll');
  const fateOf = (email: string) => lines.getByRole('row').filter({ hasText: email }).getByRole('cell').nth(1);
  await expect(fateOf('stay1@example.com')).toHaveText('Unchanged');
  await expect(fateOf('new1@example.com')).toHaveText('To add');
  await expect(fateOf('leave@example.com')).toHaveText('To remove');
  await expect(fateOf('not-an-email')).toHaveText('Rejected');
  await saveScreenshot(page, 'history-dry-run-detail');
  expect(listEmails(emulator, 'Draft')).toEqual(['leave@example.com', 'stay1@example.com', 'stay2@example.com']);
});

// Needs the sync engine: planSync, startRun; then History's listRuns, getRun, listRunRows, findPerson, getListSizes, exportRunLog.
test('History works with Klaviyo unreachable: runs, filters, a run’s lines, a person, the list chart and the log export', async ({ page, renderer, core, emulator, dataDir, testShell }) => {
  emulator.control.addKey(KEY, { account: ACCOUNT });
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: 'Weekly', members: [{ email: 'old@example.com' }] }] });
  await addCredentialThroughCore(page, renderer, core, KEY);
  for (const [i, people] of [['a@example.com', 'b@example.com'], ['a@example.com', 'c@example.com', 'd@example.com']].entries()) {
    const csv = writeCsv(dataDir, `weekly-${i + 1}.csv`, 'email', people);
    if (i > 0) {
      await page.getByRole('button', { name: 'New sync' }).click();
      await page.getByRole('button', { name: 'Start another sync' }).click();
    }
    await loadFile(page, renderer, csv);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
    await chooseExistingList(page, 'Weekly', 'Mirror');
    const confirm = page.getByRole('checkbox', { name: /will be removed from “Weekly”/ });
    if (await confirm.count()) await confirm.check();
    await page.getByRole('button', { name: 'Start sync' }).click();
    await expect(page.getByText(/^Completed: “Weekly”/)).toBeVisible({ timeout: 90_000 });
  }

  // Klaviyo goes away; the app is opened again.
  await emulator.close();
  await page.goto(renderer.url);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
  await expect(page.getByRole('heading', { name: 'No run matches these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.getByRole('combobox', { name: 'List' }).selectOption({ label: 'Weekly' });
  await expect(page.getByRole('figure')).toContainText('“Weekly”: size after each sync');
  await page.getByRole('button', { name: 'Show as a table' }).click();
  await expect(page.getByRole('table', { name: 'Size of Weekly after each sync' }).getByRole('row')).toHaveCount(3);
  await saveScreenshot(page, 'history-offline');

  await page.getByRole('searchbox', { name: 'Email, phone number or external id' }).fill('b@example.com');
  await page.getByRole('button', { name: 'Search all runs' }).click();
  const events = page.getByRole('table', { name: /b@example.com/ });
  await expect(events).toContainText('Added');
  await expect(events).toContainText('Removed');

  await page.getByRole('table', { name: 'Runs' }).getByRole('button').first().click();
  await expect(page.getByRole('table', { name: 'Lines of the file' })).toContainText('a@example.com');
  const logPath = join(dataDir, 'weekly-log.csv');
  testShell.answerSavePath(logPath);
  await page.getByRole('button', { name: 'Export the log as CSV…' }).click();
  await expect(page.getByText(/^Saved \d+ rows? to /)).toBeVisible();
  expect(existsSync(logPath)).toBe(true);
  expect(readFileSync(logPath, 'utf8')).toContain('a@example.com');
  await saveScreenshot(page, 'history-offline-run');
});
