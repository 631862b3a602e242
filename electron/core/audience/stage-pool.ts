/**
 * Where slices get staged. Small files: in the reading thread. Big files: in stage worker threads
 * and, for a share of the slices, in the reading thread too (on two cores, one worker plus the
 * reading thread keep both cores busy with one thread — and one heap — fewer than two workers).
 *
 * Phone parsing is shared by key: every staging thread owns one shard of the phone cache and asks
 * the others for keys in theirs, so a number (in any of its spellings that share a key) is parsed
 * once per pass.
 */
import type { MessagePort } from 'node:worker_threads';
import type { AppErrorData } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import { mix32 } from './byte-key-table';
import { PhoneCache } from './phone-cache';
import { Stager, type PhoneLookup, type SliceRequest, type SliceResult, type StageConfig } from './stage';

export interface StagePool {
  /** Slices worth having in flight. */
  readonly capacity: number;
  configure(config: StageConfig): void;
  stage(request: SliceRequest): Promise<SliceResult>;
  close(): void;
}

export type ToStageWorker = { type: 'configure'; config: StageConfig } | ({ type: 'slice' } & SliceRequest);
export type FromStageWorker =
  | { type: 'result'; result: SliceResult }
  | { type: 'error'; seq: number; error: AppErrorData; internal: string | null };
/** Phone lookups between staging threads (they share ports with the messages above). */
export type PeerMessage =
  | { type: 'phones'; id: number; keys: string[]; regions: string[] }
  | { type: 'codes'; id: number; codes: Float64Array };

export function inlinePool(): StagePool {
  const cache = new PhoneCache();
  let stager: Stager | null = null;
  return {
    capacity: 1,
    configure(config) {
      cache.reserve(config.expectedRecords ?? 0);
      stager = new Stager(config, (keys, regions) => cache.resolve(keys, regions));
    },
    stage: (request) => stager!.stage(request),
    close() {},
  };
}

/**
 * How many of the slices the reading thread stages itself, given the stage workers. It also reads,
 * deduplicates and writes, and owns a phone shard; measured on a 1M-row file with one worker, a
 * fifth of the slices leaves both threads equally busy. With more workers it stages none.
 */
export function readerShare(workers: number): number {
  return workers === 1 ? 1 / 5 : 0;
}

/** Stage workers on `ports` (the reading thread is phone shard `ports.length`), plus the reading thread's share. */
export function workerPool(ports: MessagePort[], onInternalError: (detail: string) => void): StagePool {
  const waiting = new Map<number, { resolve(result: SliceResult): void; reject(error: unknown): void }>();
  for (const port of ports) {
    port.on('message', (message: FromStageWorker | PeerMessage) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const seq = message.type === 'result' ? message.result.seq : message.seq;
      const waiter = waiting.get(seq);
      waiting.delete(seq);
      if (message.type === 'result') waiter?.resolve(message.result);
      else {
        if (message.internal) onInternalError(message.internal);
        waiter?.reject(new AppError(message.error));
      }
    });
  }
  const cache = new PhoneCache();
  const lookup = shardedLookup(ports.length, new Map(ports.map((port, i) => [i, port])), cache);
  const share = readerShare(ports.length);
  let stager: Stager | null = null;
  let turn = 0;
  let credit = 0;
  return {
    capacity: (ports.length + 1) * 3,
    configure(config) {
      cache.reserve(Math.ceil((config.expectedRecords ?? 0) / (ports.length + 1)));
      stager = new Stager(config, lookup);
      for (const port of ports) port.postMessage({ type: 'configure', config } satisfies ToStageWorker);
    },
    stage(request) {
      credit += share;
      if (credit >= 1) {
        credit -= 1;
        return stager!.stage(request);
      }
      return new Promise((resolve, reject) => {
        waiting.set(request.seq, { resolve, reject });
        ports[turn++ % ports.length]!.postMessage({ type: 'slice', ...request } satisfies ToStageWorker);
      });
    },
    close() {
      for (const port of ports) port.close();
    },
  };
}

function shardOf(key: string, region: string, shards: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  for (let i = 0; i < region.length; i++) hash = Math.imul(hash ^ region.charCodeAt(i), 16777619);
  return (mix32(hash) >>> 0) % shards;
}

/** Phone lookups from one staging thread: its own shard here, the others' through their ports. */
export function shardedLookup(self: number, peers: Map<number, MessagePort>, cache: PhoneCache): PhoneLookup {
  const shards = peers.size + 1;
  if (shards === 1) return (keys, regions) => cache.resolve(keys, regions);
  let nextId = 1;
  const waiting = new Map<number, (codes: Float64Array) => void>();
  for (const port of peers.values()) {
    port.on('message', (message: PeerMessage | FromStageWorker | ToStageWorker) => {
      if (message.type === 'phones') {
        const codes = cache.resolve(message.keys, message.regions);
        port.postMessage({ type: 'codes', id: message.id, codes } satisfies PeerMessage, [codes.buffer as ArrayBuffer]);
      } else if (message.type === 'codes') {
        waiting.get(message.id)?.(message.codes);
        waiting.delete(message.id);
      }
    });
  }
  return async (keys, regions) => {
    const shardKeys = Array.from({ length: shards }, () => [] as string[]);
    const shardRegions = Array.from({ length: shards }, () => [] as string[]);
    const shardOfKey = new Uint8Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const s = shardOf(keys[i]!, regions[i]!, shards);
      shardOfKey[i] = s;
      shardKeys[s]!.push(keys[i]!);
      shardRegions[s]!.push(regions[i]!);
    }
    const replies = await Promise.all(shardKeys.map((k, s) => {
      if (k.length === 0) return new Float64Array(0);
      if (s === self) return cache.resolve(k, shardRegions[s]!);
      return new Promise<Float64Array>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        peers.get(s)!.postMessage({ type: 'phones', id, keys: k, regions: shardRegions[s]! } satisfies PeerMessage);
      });
    }));
    const codes = new Float64Array(keys.length);
    const cursor = new Int32Array(shards);
    for (let i = 0; i < keys.length; i++) {
      const s = shardOfKey[i]!;
      codes[i] = replies[s]![cursor[s]!++]!;
    }
    return codes;
  };
}
