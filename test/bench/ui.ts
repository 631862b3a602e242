/**
 * UI benchmark: the built renderer in Debian's Chromium, bridged to a real core (test/e2e/support).
 *   1. Choosing a 1,000,000-row CSV → its preview table on screen, next to the core's inspectFile alone.
 *   2. Opening a run with 1,000,000 row fates → first rows visible, then a jump to the end → last row
 *      visible, next to the core's getRun + first/last listRunRows pages alone; and a scripted scroll
 *      through the table, counting slow frames.
 * The run is seeded through the core itself: a real mirror sync of the million-row file into a list
 * of the Klaviyo emulator (time-scaled, so its rate windows and import jobs take seconds, not hours),
 * which records every line's fate exactly as a marketer's sync would.
 *
 *   npx tsx test/bench/ui.ts [--quick] [--rows 1000000]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../electron/core/app';
import type { RunSummary } from '../../shared/sync';
import { createLogger } from '../../electron/core/log';
import { launchRenderer } from '../e2e/support/launch-renderer';
import { createTestShell } from '../e2e/support/test-shell';
import { startEmulator } from '../klaviyo-emulator/index';
import { BENCH_MAPPING, benchCsv } from './pipeline';

export interface UiBenchOptions {
  quick?: boolean;
  rows?: number;
}

export interface UiBenchResult {
  rows: number;
  preview: { uiMs: number; coreInspectMs: number; ratio: number };
  /** The seeding sync (plan + run) against the time-scaled emulator; not a UI figure. */
  seedSyncMs: number;
  runRows: number;
  openRun: {
    firstRowsMs: number; scrollToEndMs: number; coreFirstPageMs: number; coreLastPageMs: number;
    /** The same last-page call made from the page through the test bridge (what the table waits on). */
    bridgeLastPageMs: number;
  };
  /** Big steps (new rows and pages every frame) next to tiny ones (the same rows: paint only), same page, same run. */
  scroll: {
    frames: number; slowFrames: number; p95FrameMs: number; maxFrameMs: number; renderedRows: number;
    referenceP95FrameMs: number; ratio: number;
  };
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

/** In the page: jumps the row table to its end and resolves with the ms until the last row is shown. */
function scrollToEndUntil(lineText: string, email: string): string {
  return `new Promise((done) => {
    const body = document.querySelector('[data-testid="row-fates-scroll"]');
    const shown = () => [...body.querySelectorAll('[role=row]')].some((row) => {
      const cells = row.querySelectorAll('.cell');
      return cells[0] && cells[0].textContent.trim() === ${JSON.stringify(lineText)} && cells[2] && cells[2].textContent.trim() === ${JSON.stringify(email)};
    });
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

const TIME_SCALE = 20;
const BENCH_KEY = 'pk_ui_bench_6a2f9c1e7d';

/** Resolves with the run's summary once it stops (completed, paused, failed or cancelled). */
function settled(core: App, runId: string): Promise<RunSummary> {
  return new Promise<RunSummary>((done, fail) => {
    const off = core.on('runStatus', (summary) => {
      if (summary.id === runId && summary.status !== 'running' && summary.status !== 'planned') {
        off();
        done(summary);
      }
    });
    // It may have stopped before the listener was in place.
    core.getRun({ runId }).then((current) => {
      if (current.status !== 'running' && current.status !== 'planned') {
        off();
        done(current);
      }
    }, fail);
  });
}

/**
 * Plans and runs a mirror sync of the file into the seeded list; resolves with the run's id once it
 * completed. On a busy machine the in-process emulator can miss a request timeout: the run then
 * pauses with a network action, and is resumed as a person would (nothing is lost or sent twice).
 */
async function seedSync(core: App, csv: string): Promise<string> {
  const credential = await core.addCredential({ name: 'UI bench', description: '', apiKey: BENCH_KEY });
  const plan = await core.planSync({
    taskId: 'ui-bench-plan', credentialId: credential.id, path: csv, mapping: BENCH_MAPPING,
    list: { name: 'UI bench list', create: false }, mode: 'mirror',
  });
  await core.startRun({ runId: plan.runId, confirmMassRemoval: true });
  let summary = await settled(core, plan.runId);
  for (let resumes = 0; summary.status === 'paused' && resumes < 5; resumes += 1) {
    await core.resumeRun({ runId: plan.runId });
    summary = await settled(core, plan.runId);
  }
  if (summary.status !== 'completed') throw new Error(`the seeding sync ended ${summary.status}: ${summary.lastError?.message ?? ''}`);
  return plan.runId;
}

/** An in-page wait that gives up with a message instead of hanging the benchmark. */
function within<T>(work: Promise<T>, what: string, ms = 120_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`the UI benchmark gave up after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
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
  // Time-scaled ×20 (rate windows, job queues) with instant job processing: seeding a million-row
  // sync then takes about a minute instead of hours. The UI figures never wait on Klaviyo.
  const emulator = await startEmulator({ timeScale: TIME_SCALE, jobSpeed: 1_000_000, queueDelayMs: 0 });
  emulator.control.addKey(BENCH_KEY, { account: { id: 'UIBENCH', name: 'UI bench' } });
  emulator.control.seed({ account: 'UIBENCH', lists: [{ name: 'UI bench list', members: 25 }] });
  const core = createApp({ dataDir, klaviyoBaseUrl: emulator.url, logger, timeScale: TIME_SCALE });
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
      uiTimes.push(await within(page.evaluate(clickUntil('Choose a CSV file…', '.preview-table tbody td', '\\S')) as Promise<number>, 'the preview table'));
      await page.getByRole('button', { name: 'Next: map columns' }).click();
    }

    // Seed: a real mirror sync of the whole file records the fate of every line.
    const [runId, seedSyncMs] = await timed(() => seedSync(core, csv));
    const [firstPage, coreFirstPageMs] = await timed(() => core.listRunRows({ runId, offset: 0, limit: 200 }));
    const total = firstPage.total;
    const [lastPage, coreLastPageMs] = await timed(() => core.listRunRows({ runId, offset: Math.max(0, total - 200), limit: 200 }));
    // The table's last row: a list member removed by the mirror sync has no line; its fate shows instead.
    const lastRow = lastPage.rows[lastPage.rows.length - 1];
    if (!lastRow) throw new Error('the seeded run has no rows');
    const lastText = lastRow.line === null ? 'list' : new Intl.NumberFormat('en-US').format(lastRow.line);

    // 2. History → the run: first rows, then the end of the table.
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('table', { name: 'Runs' }).waitFor();
    const runButton = await page.getByRole('table', { name: 'Runs' }).getByRole('button').first().innerText();
    const firstRowsMs = await within(page.evaluate(
      clickUntil(runButton, '[data-testid="row-fates-scroll"] [role=row] .cell.num', '^2$'),
    ) as Promise<number>, 'the first rows of the run');
    const scrollToEndMs = await within(page.evaluate(scrollToEndUntil(lastText, lastRow.email ?? '')) as Promise<number>, 'the last row of the run');
    const bridgeLastPageMs = await page.evaluate(`(async () => {
      const started = performance.now();
      await window.audienceSync.listRunRows(${JSON.stringify({ runId, offset: Math.max(0, total - 200), limit: 200 })});
      return performance.now() - started;
    })()`) as number;
    // The machine is shared: frame times mean little alone, so the same page scrolls by a few pixels
    // per frame (no new rows: the cost of painting alone) right before the real scroll.
    type Frames = { times: number[]; renderedRows: number };
    const reference = await within(page.evaluate(scrollFrames(120, 7)) as Promise<Frames>, 'the reference scroll');
    const scrolled = await within(page.evaluate(scrollFrames(180, 4000)) as Promise<Frames>, 'the scroll');
    const frames = scrolled.times.slice(1);
    const sorted = [...frames].sort((a, b) => a - b);
    const referenceSorted = reference.times.slice(1).sort((a, b) => a - b);
    const p95 = (values: number[]) => values[Math.floor(values.length * 0.95)] ?? Number.NaN;

    await renderer.close();
    const result: UiBenchResult = {
      rows,
      preview: { uiMs: round(median(uiTimes)), coreInspectMs: round(median(coreTimes)), ratio: Math.round((median(uiTimes) / median(coreTimes)) * 100) / 100 },
      seedSyncMs: round(seedSyncMs),
      runRows: total,
      openRun: {
        firstRowsMs: round(firstRowsMs), scrollToEndMs: round(scrollToEndMs), coreFirstPageMs: round(coreFirstPageMs),
        coreLastPageMs: round(coreLastPageMs), bridgeLastPageMs: round(bridgeLastPageMs),
      },
      scroll: {
        frames: frames.length,
        slowFrames: frames.filter((ms) => ms > 50).length,
        p95FrameMs: round(p95(sorted)),
        maxFrameMs: round(sorted[sorted.length - 1] ?? Number.NaN),
        renderedRows: scrolled.renderedRows,
        referenceP95FrameMs: round(p95(referenceSorted)),
        ratio: Math.round((p95(sorted) / p95(referenceSorted)) * 100) / 100,
      },
    };
    printUiBench(result);
    return result;
  } finally {
    await browser.close();
    await core.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printUiBench(r: UiBenchResult): void {
  const n = (v: number) => v.toLocaleString('en-US');
  console.log(`UI benchmark: ${n(r.rows)}-row file; run with ${n(r.runRows)} row fates`);
  console.log(`  file chosen → preview on screen     ${n(r.preview.uiMs)} ms   (core inspectFile alone ${n(r.preview.coreInspectMs)} ms; ×${r.preview.ratio})`);
  console.log(`  (seeding: plan + mirror sync against the ×${TIME_SCALE} emulator ${n(r.seedSyncMs)} ms)`);
  console.log(`  run opened → first rows visible      ${n(r.openRun.firstRowsMs)} ms   (core first page alone ${n(r.openRun.coreFirstPageMs)} ms)`);
  console.log(`  jump to the end → last row visible   ${n(r.openRun.scrollToEndMs)} ms   (core last page alone ${n(r.openRun.coreLastPageMs)} ms; from the page through the bridge ${n(r.openRun.bridgeLastPageMs)} ms)`);
  console.log(`  scroll, ${r.scroll.frames} frames of 4,000 px: p95 ${r.scroll.p95FrameMs} ms, max ${r.scroll.maxFrameMs} ms, ${r.scroll.slowFrames} over 50 ms; ${r.scroll.renderedRows} rows in the page`);
  console.log(`    (same page, 7 px a frame, paint only: p95 ${r.scroll.referenceP95FrameMs} ms; ×${r.scroll.ratio})`);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const at = process.argv.indexOf('--rows');
  const rows = at === -1 ? undefined : Number(process.argv[at + 1]);
  await runUiBench({ quick: process.argv.includes('--quick'), ...(rows ? { rows } : {}) });
}
