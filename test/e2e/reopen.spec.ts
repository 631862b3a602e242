/**
 * Closing the app in the middle of a sync and opening it again, in the browser against the real core:
 * the window's close pauses the run as electron/main.ts does, a new core on the same data folder and a
 * fresh window offer to resume it, and resuming follows the bulk import job Klaviyo already has
 * instead of sending it again. The emulator's state is the judge of what happened in "Klaviyo".
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/app-sessions';
import type { RunningEmulator } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';
import { addCredentialThroughCore, chooseExistingList, listEmails, loadFile, tile, writeCsv } from './support/sync-steps';

const KEY = 'pk_e2e_reopen_7e3a91c4d2b8';
const ACCOUNT = { id: 'REOPENE2E', name: 'Acme Outdoors' };
const LIST = 'Spring newsletter';

// Klaviyo works through a bulk import job at one profile a second: the job the sync sends is still
// being processed when the app is closed, however slow the machine running the test is.
test.use({ emulatorOptions: { apiKeys: [{ key: KEY, account: ACCOUNT }], jobSpeed: 1 } });

/** The bulk import jobs Klaviyo received, whatever their state. */
function importJobs(emulator: RunningEmulator) {
  return emulator.control.state({ account: ACCOUNT.id, members: false }).accounts[0]?.jobs ?? [];
}

function phaseBar(page: Page, label: string) {
  return page.getByRole('region', { name: 'Sync progress' }).getByRole('progressbar', { name: label });
}

test('closing the app mid-sync pauses it; reopening offers to resume, and the resumed sync follows the job already sent', async ({ openApp, emulator, dataDir }) => {
  const kept = Array.from({ length: 60 }, (_, i) => `keep${i}@example.com`);
  const gone = Array.from({ length: 30 }, (_, i) => `gone${i}@example.com`);
  const added = Array.from({ length: 140 }, (_, i) => `new${i}@example.com`);
  emulator.control.seed({ account: ACCOUNT.id, lists: [{ name: LIST, members: [...kept, ...gone].map((email) => ({ email })) }] });
  // 40 members gain a phone number (updates), 20 are as they were (unchanged), 140 are new (adds);
  // the 30 members absent from the file leave the list (mirror).
  const phoneOf = (i: number) => `+1206555${String(100 + i).padStart(4, '0')}`;
  const csv = writeCsv(dataDir, 'spring-newsletter.csv', 'email,phone', [
    ...kept.map((email, i) => `${email},${i < 40 ? phoneOf(i) : ''}`),
    ...added.map((email) => `${email},`),
  ]);

  // First session: plan and start a mirror sync through the window.
  const first = await openApp();
  const { page } = first;
  await addCredentialThroughCore(page, first.renderer, first.core, KEY);
  await loadFile(page, first.renderer, csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('combobox', { name: 'Maps to, for column “email”' }).selectOption('email');
  await page.getByRole('combobox', { name: 'Maps to, for column “phone”' }).selectOption('phone');
  await chooseExistingList(page, LIST, 'Mirror');
  await expect(tile(page, 'Add to the list')).toHaveText('140');
  await expect(tile(page, 'Update')).toHaveText('40');
  await expect(tile(page, 'Remove from the list')).toHaveText('30');
  await expect(tile(page, 'Unchanged')).toHaveText('20');
  await page.getByRole('button', { name: 'Start sync' }).click();

  // Mid-way: the removals are done, and the one import job (140 adds + 40 updates) is with Klaviyo.
  await expect(phaseBar(page, 'Removing people from the list')).toHaveAttribute('aria-valuetext', /^100%, 30 of 30 members/, { timeout: 60_000 });
  await expect(phaseBar(page, 'Adding and updating profiles')).toHaveAttribute('aria-valuetext', /0 of 180 profiles/);
  await expect.poll(() => importJobs(emulator).length, { timeout: 30_000 }).toBe(1);
  await saveScreenshot(page, 'reopen-1-running');

  // The person closes the window and answers "Pause and quit"; the app quits.
  const paused = await first.quit();
  expect(paused).toHaveLength(1);
  const [sentBeforeClose] = importJobs(emulator);
  expect(sentBeforeClose).toMatchObject({ total_count: 180 });
  expect(sentBeforeClose?.status).not.toBe('complete');

  // Second session: a new core on the same data folder, a new window.
  const second = await openApp();
  const reopened = second.page;
  const banner = reopened.getByRole('region', { name: 'Unfinished syncs' });
  await expect(banner.locator('p').first()).toHaveText(
    /^Paused: the sync to “Spring newsletter” \(spring-newsletter\.csv\) stopped at 14%, started .+\.$/,
  );
  await expect(banner.getByRole('button', { name: 'Resume' })).toBeEnabled();
  await saveScreenshot(reopened, 'reopen-2-resume-banner');

  await banner.getByRole('button', { name: 'Resume' }).click();
  await expect(reopened.getByRole('heading', { name: /Sync to “Spring newsletter”/ })).toBeVisible();
  // The bars pick up where the first window left them: removals done, the job not confirmed yet.
  await expect(reopened.getByRole('region', { name: 'Sync progress' }).getByRole('status')).toHaveText(/^Running: Adding and updating profiles, 14% done/);
  await expect(phaseBar(reopened, 'Removing people from the list')).toHaveAttribute('aria-valuetext', /^100%, 30 of 30 members/);
  await expect(phaseBar(reopened, 'Adding and updating profiles')).toHaveAttribute('aria-valuetext', /^0%, 0 of 180 profiles/);
  await saveScreenshot(reopened, 'reopen-3-resumed');

  // Klaviyo gets through the rest of the job; the resumed run confirms it and finishes.
  emulator.control.setJobSpeed(10_000);
  await expect(reopened.getByRole('heading', { name: /Sync to “Spring newsletter”/ })).toContainText('Completed', { timeout: 60_000 });
  await expect(tile(reopened, 'Added')).toHaveText('140');
  await expect(tile(reopened, 'Updated')).toHaveText('40');
  await expect(tile(reopened, 'Removed')).toHaveText('30');
  await expect(tile(reopened, 'Unchanged')).toHaveText('20');
  await expect(tile(reopened, 'Pending')).toHaveCount(0);
  await saveScreenshot(reopened, 'reopen-4-done');

  // Klaviyo: the list is the file, the updates carried their phone numbers, and the job sent before
  // the close was the only one: 180 profiles imported for 140 adds + 40 updates, none twice.
  expect(listEmails(emulator, LIST)).toEqual([...kept, ...added].sort());
  const members = emulator.control.state({ account: ACCOUNT.id }).accounts[0]?.lists.find((l) => l.name === LIST)?.members ?? [];
  expect(members.find((m) => m.email === 'keep0@example.com')?.phone_number).toBe(phoneOf(0));
  const jobs = importJobs(emulator);
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ id: sentBeforeClose?.id, status: 'complete', total_count: 180, completed_count: 180, failed_count: 0 });

  // Nothing is left to offer.
  await reopened.getByRole('button', { name: 'History', exact: true }).click();
  await expect(reopened.getByRole('table', { name: 'Runs' })).toContainText('Completed');
  await expect(banner).toHaveCount(0);
  expect([...first.renderer.problems(), ...second.renderer.problems()]).toEqual([]);
});
