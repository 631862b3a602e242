/**
 * The retention sweep on its own thread and its own SQLite connection. Deleting a run's rows touches
 * a random page of each identifier index per row, so the sweep writes much WAL and SQLite's automatic
 * checkpoints (which run in the committing connection) can take hundreds of milliseconds on a large
 * history: here they never stall the main process. Other connections wait at most for one short
 * delete transaction (WAL readers never wait).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../../../shared/errors';
import { openDatabase } from '../store/open-database';
import { sql } from '../store/sql';
import { purgeExpiredRowDetail } from './retention';
import type { RetentionWorkerInput, RetentionWorkerReply } from './retention-runner';

const input = workerData as RetentionWorkerInput;

async function sweep(): Promise<RetentionWorkerReply> {
  const store = openDatabase({
    dataDir: input.dataDir, fileName: input.fileName, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
  });
  try {
    // This connection's own page cache (the app's connection keeps its size): the index pages a sweep
    // revisits stay in memory, about twice the deletion speed measured on a 10-million-row history.
    store.exec(sql`PRAGMA cache_size = -131072`);
    // Checkpoint here, between transactions, rather than inside a commit: each chunk dirties pages all
    // over the identifier indexes, and an automatic checkpoint would lengthen the commit that triggers it.
    store.exec(sql`PRAGMA wal_autocheckpoint = 0`);
    const result = await purgeExpiredRowDetail(store, {
      retentionDays: input.retentionDays, now: new Date(input.now),
      afterChunk: () => store.exec(sql`PRAGMA wal_checkpoint(PASSIVE)`),
      ...(input.targetChunkMs !== undefined ? { targetChunkMs: input.targetChunkMs } : {}),
      ...(input.chunkRows !== undefined ? { chunkRows: input.chunkRows } : {}),
    });
    return { ok: true, result };
  } finally {
    store.close();
  }
}

sweep().then(
  (reply) => parentPort?.postMessage(reply),
  (error: unknown) => parentPort?.postMessage({ ok: false, error: toErrorData(error) } satisfies RetentionWorkerReply),
);
