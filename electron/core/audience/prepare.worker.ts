/** The prepare worker (the reading thread): runs the pass; the output relays batches to the caller or writes the export. */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { ExportSink } from './export-writer';
import { writeFailed } from './file-errors';
import { JsonBatchOutput } from './json-output';
import { runPass } from './pass';
import { inlinePool, workerPool } from './stage-pool';
import type { FromPrepareWorker, PrepareWorkerData, ToPrepareWorker } from './worker-protocol';

const data = workerData as PrepareWorkerData;
const port = parentPort!;
const post = (message: FromPrepareWorker) => port.postMessage(message);

/** Batches in flight to the caller before the pass waits for its sink (backpressure). */
const WINDOW = 2;

/** Sends batches to the caller's thread and waits for its acknowledgements. */
function relay(): { send(json: string): Promise<void>; reset(): Promise<void> } {
  let seq = 0;
  let acked = 0;
  let wake: (() => void) | null = null;
  port.on('message', (message: ToPrepareWorker) => {
    acked = Math.max(acked, message.seq);
    wake?.();
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => (wake = resolve));
  };
  return {
    async send(json) {
      post({ type: 'batch', seq: ++seq, json });
      await until(() => seq - acked <= WINDOW);
    },
    async reset() {
      post({ type: 'reset', seq: ++seq });
      await until(() => acked >= seq);
    },
  };
}

async function main(): Promise<void> {
  const pool = data.stagePorts.length > 0
    ? workerPool(data.stagePorts, (detail) => post({ type: 'error', error: { code: 'INTERNAL', message: 'A stage worker failed.' }, internal: detail }))
    : inlinePool();
  const toCaller = data.mode === 'batches' ? relay() : null;
  let exportSink: ExportSink | null = null;
  try {
    const result = await runPass({
      path: data.path,
      mapping: data.mapping,
      mode: data.mode,
      pool,
      chunkBytes: data.chunkBytes,
      onProgress: (progress) => post({ type: 'progress', progress }),
      openOutput: async (context) => {
        if (toCaller) return new JsonBatchOutput(context.compiled, toCaller.send, toCaller.reset);
        exportSink = await ExportSink.open(data.exportFiles!, context);
        return exportSink;
      },
    });
    let stats = null;
    if (exportSink) {
      post({ type: 'writing' });
      stats = await (exportSink as ExportSink).finish();
    }
    post({ type: 'done', result, exportStats: stats });
  } catch (caught) {
    await (exportSink as ExportSink | null)?.discard().catch(() => undefined);
    // Read errors arrive as AppErrors already; an errno error here comes from writing the export.
    const error = !AppError.is(caught) && data.mode === 'export' && typeof (caught as { code?: unknown } | null)?.code === 'string'
      ? writeFailed(caught, data.outDir ?? '') : caught;
    if (AppError.is(error)) post({ type: 'error', error: error.toData(), internal: null });
    else {
      const internal = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
      post({ type: 'error', error: { code: 'INTERNAL', message: 'Something went wrong while reading the file. Details are in the log.' }, internal });
    }
  } finally {
    pool.close();
  }
}

void main();
