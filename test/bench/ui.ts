/**
 * UI benchmark: the built renderer in Debian's Chromium, bridged to a real core (test/e2e/support).
 *   1. Choosing a 1,000,000-row CSV → its preview table on screen, next to the core's inspectFile alone.
 *   2. Opening a run with 1,000,000 row fates → first rows visible, then a jump to the end → last row
 *      visible, next to the core's getRun + first/last listRunRows pages alone; and a scripted scroll
 *      through the table, counting slow frames.
 * The run is seeded through the core itself: an SFTP export of the million-row file records every
 * line's fate, exactly as a marketer's export would.
 *
 *   npx tsx test/bench/ui.ts [--quick] [--rows 1000000]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../electron/core/app';
import { createLogger } from '../../electron/core/log';
import { launchRenderer } from '../e2e/support/launch-renderer';
import { createTestShell } from '../e2e/support/test-shell';
import { BENCH_MAPPING, benchCsv } from './pipeline';

export interface UiBenchOptions {
  quick?: boolean;
  rows?: number;
}

export interface UiBenchResult {
  rows: number;
  preview: { uiMs: number; coreInspectMs: number; ratio: number };
  seedExportMs: number;
  runRows: number;
  openRun: { firstRowsMs: number; scrollToEndMs: number; coreFirstPageMs: number; coreLastPageMs: number };
  scroll: { frames: number; slowFrames: number; p95FrameMs: number; maxFrameMs: number; renderedRows: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const round = (ms: number) => Math.round(ms);

/**
 * In the page: clicks the button with `buttonText`, then resolves with the ms until `selector` matches
 * an element whose text matches `textPattern`, measured to the next animation frame (≈ painted).
 * A string, so the Node-side type check (no DOM lib) stays out of it.
 */
function clickUntil(buttonText: string, selector: string, textPattern: string): string {
  return `new Promise((done, fail) => {
    const pattern = new RegExp(${JSON.stringify(textPattern)});
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(buttonText)});
    if (!button) { fail(new Error('no button ' + ${JSON.stringify(buttonText)})); return; }
    const started = performance.now();
    const found = () => [...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => pattern.test(el.textContent));
    const observer = new MutationObserver(() => {
      if (!found()) return;
      observer.disconnect();
      requestAnimationFrame(() => done(performance.now() - started));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    button.click();
  })`;
}

/** In the page: jumps the row table to its end and resolves with the ms until `lastLine` is shown. */
function scrollToEndUntil(lastLine: string): string {
  return `new Promise((done) => {
    const body = document.querySelector('[data-testid="row-fates-scroll"]');
    const shown = () => [...body.querySelectorAll('[role=row] .cell.num')].some((el) => el.textContent.trim() === ${JSON.stringify(lastLine)});
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      requestAnimationFrame(() => done(performance.now() - started));
    });
    observer.observe(body, { childList: true, subtree: true, characterData: true });
    body.scrollTop = body.scrollHeight;
  })`;
}

/** In the page: scrolls the row table up in `frames` steps, one per frame, timing every frame. */
function scrollFrames(frames: number, step: number): string {
  return `new Promise((done) => {
    const body = document.querySelector('[data-testid="row-fates-scroll"]');
    const times = [];
    let last = performance.now();
    let left = ${frames};
    const tick = (now) => {
      times.push(now - last);
      last = now;
      body.scrollTop = Math.max(0, body.scrollTop - ${step});
      if (--left > 0) requestAnimationFrame(tick);
      else done({ times, renderedRows: body.querySelectorAll('[role=row]').length });
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

export async function runUiBench(options: UiBenchOptions = {}): Promise<UiBenchResult> {
  const rows = options.rows ?? (options.quick ? 100_000 : 1_000_000);
  const csv = await benchCsv(rows);
  const dataDir = mkdtempSync(join(tmpdir(), 'ui-bench-'));
  const logger = createLogger({ scope: 'ui-bench', level: 'error' });
  // No Klaviyo is needed: inspecting, exporting and History never call it.
  const core = createApp({ dataDir, klaviyoBaseUrl: 'http://127.0.0.1:9', logger });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    const shell = createTestShell();
    const renderer = await launchRenderer({ page, app: core, shell, logger });

    // 1. File chosen → preview on screen; the core's inspect alone as the reference. Alternated, so
    //    both see the same (warm) file cache; medians of three.
    const uiTimes: number[] = [];
    const coreTimes: number[] = [];
    await page.getByRole('button', { name: 'Export for SFTP' }).click();
    for (let i = 0; i < 3; i += 1) {
      coreTimes.push((await timed(() => core.inspectFile({ path: csv })))[1]);
      if (i > 0) await page.getByRole('button', { name: 'Start over' }).click().catch(() => undefined);
      shell.answerCsvFile(csv);
      uiTimes.push(await page.evaluate(clickUntil('Choose a CSV file…', '.preview-table tbody td', '\\S')) as number);
      await page.getByRole('button', { name: 'Next: map columns' }).click();
    }

    // Seed: the export of the whole file records the fate of every line (as the app does).
    const [exported, seedExportMs] = await timed(() => core.exportAudience({
      taskId: 'ui-bench-seed', path: csv, mapping: BENCH_MAPPING, outDir: join(dataDir, 'sftp'),
    }));
    const detail = await core.getRun({ runId: exported.runId });
    const [firstPage, coreFirstPageMs] = await timed(() => core.listRunRows({ runId: exported.runId, offset: 0, limit: 200 }));
    const total = firstPage.total;
    const [lastPage, coreLastPageMs] = await timed(() => core.listRunRows({ runId: exported.runId, offset: Math.max(0, total - 200), limit: 200 }));
    const lastLine = lastPage.rows[lastPage.rows.length - 1]?.line;
    if (lastLine === undefined || lastLine === null) throw new Error('the seeded run has no last line');

    // 2. History → the run: first rows, then the end of the table.
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('table', { name: 'Runs' }).waitFor();
    const firstRowsMs = await page.evaluate(
      clickUntil(await page.getByRole('table', { name: 'Runs' }).getByRole('button').first().innerText(), '[data-testid="row-fates-scroll"] [role=row] .cell.num', '^2$'),
    ) as number;
    const scrollToEndMs = await page.evaluate(scrollToEndUntil(new Intl.NumberFormat('en-US').format(lastLine))) as number;
    const scrolled = await page.evaluate(scrollFrames(180, 4000)) as { times: number[]; renderedRows: number };
    const frames = scrolled.times.slice(1);
    const sorted = [...frames].sort((a, b) => a - b);

    await renderer.close();
    return {
      rows,
      preview: { uiMs: round(median(uiTimes)), coreInspectMs: round(median(coreTimes)), ratio: Math.round((median(uiTimes) / median(coreTimes)) * 100) / 100 },
      seedExportMs: round(seedExportMs),
      runRows: detail.counts.total,
      openRun: { firstRowsMs: round(firstRowsMs), scrollToEndMs: round(scrollToEndMs), coreFirstPageMs: round(coreFirstPageMs), coreLastPageMs: round(coreLastPageMs) },
      scroll: {
        frames: frames.length,
        slowFrames: frames.filter((ms) => ms > 50).length,
        p95FrameMs: round(sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN),
        maxFrameMs: round(sorted[sorted.length - 1] ?? Number.NaN),
        renderedRows: scrolled.renderedRows,
      },
    };
  } finally {
    await browser.close();
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printUiBench(r: UiBenchResult): void {
  const n = (v: number) => v.toLocaleString('en-US');
  console.log(`UI benchmark: ${n(r.rows)}-row file; run with ${n(r.runRows)} row fates`);
  console.log(`  file chosen → preview on screen     ${n(r.preview.uiMs)} ms   (core inspectFile alone ${n(r.preview.coreInspectMs)} ms; ×${r.preview.ratio})`);
  console.log(`  seeding: SFTP export of the file     ${n(r.seedExportMs)} ms`);
  console.log(`  run opened → first rows visible      ${n(r.openRun.firstRowsMs)} ms   (core first page alone ${n(r.openRun.coreFirstPageMs)} ms)`);
  console.log(`  jump to the end → last row visible   ${n(r.openRun.scrollToEndMs)} ms   (core last page alone ${n(r.openRun.coreLastPageMs)} ms)`);
  console.log(`  scroll, ${r.scroll.frames} frames of 4,000 px: p95 ${r.scroll.p95FrameMs} ms, max ${r.scroll.maxFrameMs} ms, ${r.scroll.slowFrames} over 50 ms; ${r.scroll.renderedRows} rows in the page`);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const at = process.argv.indexOf('--rows');
  const rows = at === -1 ? undefined : Number(process.argv[at + 1]);
  printUiBench(await runUiBench({ quick: process.argv.includes('--quick'), ...(rows ? { rows } : {}) }));
}
