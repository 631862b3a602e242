/** A stage worker: stages the slices the reading thread sends, and serves its shard of phone numbers to peers. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { PhoneCache } from './phone-cache';
import { Stager } from './stage';
import { shardedLookup, type FromStageWorker, type ToStageWorker } from './stage-pool';

export interface StageWorkerInit {
  index: number;
  coordinator: MessagePort;
  peers: Array<{ index: number; port: MessagePort }>;
}

parentPort?.once('message', (init: StageWorkerInit) => {
  const lookup = shardedLookup(init.index, new Map(init.peers.map((p) => [p.index, p.port])), new PhoneCache());
  const coordinator = init.coordinator;
  let stager: Stager | null = null;
  coordinator.on('message', (message: ToStageWorker) => {
    if (message.type === 'configure') {
      stager = new Stager(message.config, lookup);
      return;
    }
    stager!.stage(message).then((result) => {
      coordinator.postMessage({ type: 'result', result } satisfies FromStageWorker,
        [result.kinds.buffer, result.lines.buffer, result.reasons.buffer, result.masks.buffer, result.ends.buffer] as ArrayBuffer[]);
    }, (error: unknown) => {
      const data = AppError.is(error) ? error.toData() : { code: 'INTERNAL' as const, message: 'Something went wrong while reading the file. Details are in the log.' };
      const internal = AppError.is(error) ? null : error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      coordinator.postMessage({ type: 'error', seq: message.seq, error: data, internal } satisfies FromStageWorker);
    });
  });
});
