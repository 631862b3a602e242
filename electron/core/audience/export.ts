/**
 * exportAudience: the SFTP-ready audience CSV, the rejects report and a summary, written atomically:
 * each file is written under a temporary name in the export folder, synced to disk, then renamed.
 * On any failure (full disk, no permission, cancelled) the temporary files are removed, so no half
 * file that looks complete is ever left behind. The summary is renamed last.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ExportTempFiles, ExportWriteStats } from './export-writer';
import { writeFailed } from './file-errors';
import { runPrepareWorker, type WorkerRunOptions } from './prepare';
import type { ExportOptions, ExportOutcome, PrepareProgress, PrepareResult } from './types';
import type { Mapping } from '../../../shared/mapping';

export interface ExportNames {
  audience: string;
  rejects: string;
  summary: string;
}

/** customers.csv → customers.audience.csv, customers.rejects.csv, customers.summary.json (in outDir). */
export function exportNames(inputPath: string, outDir: string): ExportNames {
  const name = basename(inputPath);
  const base = name.slice(0, name.length - extname(name).length) || name;
  const dir = resolve(outDir);
  return {
    audience: join(dir, `${base}.audience.csv`),
    rejects: join(dir, `${base}.rejects.csv`),
    summary: join(dir, `${base}.summary.json`),
  };
}

async function checkFolder(outDir: string): Promise<void> {
  try {
    const s = await stat(outDir);
    if (!s.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw writeFailed(error, outDir);
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the renames themselves durable (POSIX); not possible everywhere (Windows), so best effort. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

export interface SummaryInput {
  path: string;
  mapping: Mapping;
  names: ExportNames;
  result: PrepareResult;
  stats: ExportWriteStats;
  createdAt: string;
  totalMs: number;
}

/** The summary JSON: what was read, how, and what became of every line. */
export function exportSummary(input: SummaryInput): Record<string, unknown> {
  const { result, stats, names } = input;
  return {
    format: 'klaviyo-sync export summary',
    version: 1,
    createdAt: input.createdAt,
    input: {
      path: resolve(input.path), name: basename(input.path), sizeBytes: result.sizeBytes, sha256: result.sha256,
      encoding: result.encoding, encodingNote: result.encodingNote, delimiter: result.delimiter,
      headers: result.headers, headerFixes: result.headerFixes,
    },
    mapping: input.mapping,
    counts: result.counts,
    rejectedBy: result.counts.rejectedBy,
    files: {
      audience: { name: basename(names.audience), rows: stats.audienceRows, columns: stats.columns, encoding: 'UTF-8', lineEnding: 'CRLF', mergedRows: stats.mergedRows },
      rejects: { name: basename(names.rejects), rows: stats.rejectRows },
      summary: { name: basename(names.summary) },
    },
    durations: { totalMs: input.totalMs, passMs: result.durationMs, mergeRewriteMs: stats.rewriteMs },
  };
}

export async function exportAudience(options: ExportOptions & Pick<WorkerRunOptions, 'stageWorkers' | 'chunkBytes'>): Promise<ExportOutcome> {
  const started = performance.now();
  const createdAt = new Date().toISOString();
  await checkFolder(options.outDir);
  const names = exportNames(options.path, options.outDir);
  if (Object.values(names).includes(resolve(options.path))) {
    throw new AppError({ code: 'INVALID_INPUT', message: 'The export would overwrite the file being read: choose another folder.' });
  }
  const suffix = `.tmp-${randomBytes(6).toString('hex')}`;
  const temp: ExportTempFiles & { summary: string } = {
    audience: names.audience + suffix, rejects: names.rejects + suffix, summary: names.summary + suffix,
    rewrite: `${names.audience}${suffix}-merge`,
  };
  const removeTemps = () => Promise.all(Object.values(temp).map((p) => rm(p, { force: true }).catch(() => undefined)));
  const renamed: string[] = [];
  let last: PrepareProgress = { bytesRead: 0, totalBytes: 0, rows: 0 };
  try {
    const { result, exportStats } = await runPrepareWorker({
      path: options.path, mapping: options.mapping, signal: options.signal, exportFiles: temp, outDir: resolve(options.outDir),
      onProgress: (p) => options.onProgress?.({ ...(last = p), stage: 'reading' }),
      onWriting: () => options.onProgress?.({ ...last, stage: 'writing' }),
      stageWorkers: options.stageWorkers, chunkBytes: options.chunkBytes,
    });
    const stats = exportStats!;
    const summary = exportSummary({ path: options.path, mapping: options.mapping, names, result, stats, createdAt, totalMs: Math.round(performance.now() - started) });
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      await writeDurably(temp.summary, `${JSON.stringify(summary, null, 2)}\n`);
      for (const kind of ['audience', 'rejects', 'summary'] as const) {
        await rename(temp[kind], names[kind]);
        renamed.push(names[kind]);
      }
    } catch (error) {
      throw writeFailed(error, resolve(options.outDir));
    }
    await syncFolder(resolve(options.outDir));
    return { ...result, durationMs: Math.round(performance.now() - started), files: { ...names } };
  } catch (error) {
    // A partly renamed set would look like a finished export: take it all away.
    await Promise.all(renamed.map((p) => rm(p, { force: true }).catch(() => undefined)));
    await removeTemps();
    throw error;
  }
}
