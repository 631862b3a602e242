/**
 * Reads a file front to back in fixed-size chunks, with the next read already in flight while the
 * caller works on the current chunk. A chunk is only valid until the caller asks for the next one.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileChanged, readFailed } from './file-errors';

/** What inspect samples, and the pass's first read (so both judge encoding and delimiter alike). */
export const SAMPLE_BYTES = 1 << 20;
/**
 * Later reads: small enough that a chunk's rows die young in V8 (less promotion, a smaller heap),
 * large enough that per-chunk costs vanish.
 */
export const CHUNK_BYTES = 256 * 1024;

export interface FileInfo {
  path: string;
  name: string;
  sizeBytes: number;
  modifiedMs: number;
}

export async function fileInfo(path: string): Promise<FileInfo> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { path, name: basename(path), sizeBytes: s.size, modifiedMs: s.mtimeMs };
  } catch (error) {
    throw readFailed(error, path);
  }
}

export async function* readChunks(info: FileInfo, chunkBytes = CHUNK_BYTES, firstChunkBytes = SAMPLE_BYTES): AsyncGenerator<Uint8Array> {
  let handle;
  try {
    handle = await open(info.path, 'r');
  } catch (error) {
    throw readFailed(error, info.path);
  }
  const size = Math.max(chunkBytes, firstChunkBytes);
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  const read = (buffer: Buffer, length = chunkBytes) => handle.read(buffer, 0, length, null).catch((error: unknown) => { throw readFailed(error, info.path); });
  let pending = read(buffers[0]!, firstChunkBytes);
  try {
    let position = 0;
    let turn = 0;
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const current = buffers[turn]!;
      turn ^= 1;
      pending = read(buffers[turn]!);
      position += bytesRead;
      yield current.subarray(0, bytesRead);
    }
    const now = await handle.stat();
    if (position !== info.sizeBytes || now.size !== info.sizeBytes || now.mtimeMs !== info.modifiedMs) throw fileChanged(info.name);
  } finally {
    // A consumer that stops early leaves one read in flight: let it land before closing.
    await pending.catch(() => undefined);
    await handle.close();
  }
}
