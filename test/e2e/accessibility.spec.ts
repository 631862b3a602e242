/**
 * Accessibility smoke checks without extra packages: on every screen, each control has an accessible
 * name, ids are unique and every aria reference resolves; keyboard focus is always visible; dialogs
 * trap focus and give it back; text keeps readable contrast in the light and the dark theme.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

const KEY = 'pk_e2e_a11y_6b1d9e3f2a';

// Runs in the page; a string so the Node-side type check (no DOM lib) stays out of it.
const AUDIT = `(() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) || el.closest('.visually-hidden');
  const text = (el) => (el && el.textContent || '').replace(/\\s+/g, ' ').trim();
  const nameOf = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      const t = labelledBy.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
      if (t) return t;
    }
    const label = el.getAttribute('aria-label');
    if (label && label.trim()) return label.trim();
    if (el.id) {
      const forLabel = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
      if (forLabel && text(forLabel)) return text(forLabel);
    }
    const wrapping = el.closest('label');
    if (wrapping && text(wrapping)) return text(wrapping);
    if ((el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab') && text(el)) return text(el);
    return (el.getAttribute('title') || '').trim();
  };
  const named = 'input:not([type=hidden]), select, textarea, button, [role=radio], [role=tab], [role=progressbar], [role=table], [role=region], [role=radiogroup], [role=tablist], dialog[open], nav, meter';
  for (const el of document.querySelectorAll(named)) {
    if (!visible(el)) continue;
    if (!nameOf(el)) problems.push('no accessible name: ' + el.outerHTML.slice(0, 140));
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('duplicate id "' + id + '" (' + n + ' times)');
  for (const el of document.querySelectorAll('[aria-labelledby], [aria-describedby], [aria-controls]')) {
    for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      for (const id of value.split(/\\s+/)) if (!document.getElementById(id)) problems.push(attr + ' points at a missing #' + id);
    }
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getAttribute('aria-hidden') !== 'true' && !svg.getAttribute('role')) problems.push('svg that is neither hidden nor named');
  }
  for (const bar of document.querySelectorAll('[role=progressbar]')) {
    if (!bar.hasAttribute('aria-valuenow') && !bar.hasAttribute('aria-valuetext')) problems.push('progressbar without a value');
  }
  const h1 = document.querySelectorAll('main h1');
  if (h1.length !== 1) problems.push('expected one h1 in main, found ' + h1.length);
  return problems;
})()`;

/** Contrast ratios of sample text against its effective background. */
const CONTRAST = `((selectors) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const out = [];
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (!el) { out.push({ selector, ratio: null }); continue; }
    const fg = parse(getComputedStyle(el).color);
    const bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({ selector, ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100 });
  }
  return out;
})`;

async function audit(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate(AUDIT) as string[];
  expect(problems, `accessibility problems on ${screen}`).toEqual([]);
}

async function focusedOutline(page: Page): Promise<{ name: string; outline: string; width: number }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const name = (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    return { name, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0 };
  })()`) as Promise<{ name: string; outline: string; width: number }>;
}

test('every screen has named controls, unique ids and resolving aria references', async ({ page, renderer, core, emulator, dataDir }) => {
  await audit(page, 'first run: new sync');
  await page.getByRole('button', { name: 'Accounts' }).click();
  await audit(page, 'first run: accounts');

  emulator.control.addKey(KEY, { account: { id: 'A11Y', name: 'Acme Outdoors' } });
  await core.addCredential({ name: 'Main store', description: 'Production', apiKey: KEY });
  await page.goto(renderer.url);
  await audit(page, 'new sync');
  for (const screen of ['Export for SFTP', 'History', 'Accounts', 'Settings']) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await audit(page, screen);
  }
  await page.getByRole('button', { name: /^Alerts/ }).click();
  await audit(page, 'alerts');

  // A loaded and mapped file: the busiest screens of the flow.
  const csv = join(dataDir, 'a11y.csv');
  writeFileSync(csv, 'email,phone,first_name,plan\nann@example.com,(206) 555-0100,Ann,gold\nbob@example.com,,Bob,silver\n');
  await page.getByRole('button', { name: 'New sync' }).click();
  await renderer.dropFile('[data-testid="drop-zone"]', csv);
  await expect(page.getByRole('region', { name: 'File preview' })).toBeVisible();
  await audit(page, 'load step');
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await expect(page.getByRole('region', { name: 'Column mapping' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Maps to, for column “plan”' }).selectOption('property');
  await audit(page, 'map step');
  await page.getByRole('button', { name: 'Next: choose the list' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Existing lists' })).toBeVisible();
  await audit(page, 'list step');
});

test('the keyboard reaches everything in a logical order with a visible focus, starting from the skip link', async ({ page, renderer }) => {
  void renderer;
  await expect(page.getByRole('heading', { name: 'Add your Klaviyo private API key to start' })).toBeVisible();
  const seen: string[] = [];
  for (let i = 0; i < 9; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await focusedOutline(page);
    seen.push(focus.name);
    expect(focus.outline, `focus ring on ${focus.name}`).not.toBe('none');
    expect(focus.width, `focus ring width on ${focus.name}`).toBeGreaterThanOrEqual(2);
  }
  // Skip link, the top bar, the navigation in its visual order, then the screen's own action.
  expect(seen).toEqual([
    'Skip to content', 'Add a Klaviyo key', 'Alerts, none', 'New sync', 'Export for SFTP', 'History', 'Accounts', 'Settings', 'Add a key',
  ]);

  // The skip link jumps over the frame; Enter on a navigation entry opens its screen and lands in it.
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.getByRole('button', { name: 'History' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await expect(page.locator('main')).toBeFocused();
});

function focusInsideDialog(page: Page): Promise<boolean> {
  return page.evaluate(`(() => { const d = document.querySelector('dialog[open]'); return !!d && d.contains(document.activeElement); })()`) as Promise<boolean>;
}

test('dialogs keep focus inside, close on Escape and give focus back', async ({ page, renderer, core, emulator }) => {
  emulator.control.addKey(KEY, { account: { id: 'A11Y2', name: 'Acme Outdoors' } });
  await core.addCredential({ name: 'Main store', description: '', apiKey: KEY });
  await page.goto(renderer.url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const opener = page.getByRole('button', { name: 'Rename' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Rename “Main store”' });
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await audit(page, 'rename dialog');
  await saveScreenshot(page, 'dialog-rename');
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    expect(await focusInsideDialog(page)).toBe(true);
  }
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInsideDialog(page)).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`text stays readable in the ${scheme} theme`, async ({ page, renderer, core, emulator }) => {
    emulator.control.addKey(KEY, { account: { id: `A11Y-${scheme}`, name: 'Acme Outdoors' } });
    await core.addCredential({ name: 'Main store', description: 'Production', apiKey: KEY });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(renderer.url);
    await page.getByRole('button', { name: 'Accounts' }).click();
    await expect(page.getByRole('article', { name: /Main store/ })).toBeVisible();
    const ratios = await page.evaluate(`${CONTRAST}(${JSON.stringify([
      'body', '.muted', '.nav-item[aria-current="page"]', '.nav-item:not([aria-current])', 'button.primary', 'button.danger-quiet',
      '.facts dt', '.badge-info', 'code', '.top-bar .brand',
    ])})`) as Array<{ selector: string; ratio: number | null }>;
    for (const { selector, ratio } of ratios) {
      expect(ratio, `${selector} was not found`).not.toBeNull();
      expect(ratio ?? 0, `contrast of ${selector} in ${scheme}`).toBeGreaterThanOrEqual(4.5);
    }
    await saveScreenshot(page, `accounts-${scheme}`);
  });
}
