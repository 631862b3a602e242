/** A stage worker: stages the slices the reading thread sends, and serves its shard of phone numbers to the others. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { PhoneCache } from './phone-cache';
import { Stager } from './stage';
import { shardedLookup, type FromStageWorker, type PeerMessage, type ToStageWorker } from './stage-pool';

export interface StageWorkerInit {
  /** This worker's phone shard; the reading thread's shard is the number of workers. */
  index: number;
  workers: number;
  /** To the reading thread: slices and results, and its phone shard. */
  coordinator: MessagePort;
  peers: Array<{ index: number; port: MessagePort }>;
}

parentPort?.once('message', (init: StageWorkerInit) => {
  const cache = new PhoneCache();
  const coordinator = init.coordinator;
  const peers = new Map(init.peers.map((p) => [p.index, p.port]));
  peers.set(init.workers, coordinator);
  const lookup = shardedLookup(init.index, peers, cache);
  let stager: Stager | null = null;
  coordinator.on('message', (message: ToStageWorker | PeerMessage) => {
    if (message.type === 'configure') {
      // This thread's shard of the file's numbers.
      cache.reserve(Math.ceil((message.config.expectedRecords ?? 0) / (init.workers + 1)));
      stager = new Stager(message.config, lookup);
      return;
    }
    if (message.type !== 'slice') return;
    stager!.stage(message).then((result) => {
      coordinator.postMessage({ type: 'result', result } satisfies FromStageWorker,
        [result.kinds.buffer, result.lines.buffer, result.reasons.buffer, result.masks.buffer, result.idHashes.buffer, result.ends.buffer] as ArrayBuffer[]);
    }, (error: unknown) => {
      const data = AppError.is(error) ? error.toData() : { code: 'INTERNAL' as const, message: 'Something went wrong while reading the file. Details are in the log.' };
      const internal = AppError.is(error) ? null : error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      coordinator.postMessage({ type: 'error', seq: message.seq, error: data, internal } satisfies FromStageWorker);
    });
  });
});
