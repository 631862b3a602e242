/** Appends text (or raw bytes) to a file in large writes; knows how many bytes it has queued. */
import { open, type FileHandle } from 'node:fs/promises';

const FLUSH_AT = 1 << 20;

export class BufferedFile {
  private parts: Array<string | Uint8Array> = [];
  private hasBytes = false;
  private pending = 0;
  /** Bytes written or queued so far. */
  bytes = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<BufferedFile> {
    return new BufferedFile(await open(path, 'w'));
  }

  /** Queues text and writes out once enough is queued; resolves to the byte offset the text starts at. */
  async append(text: string, byteLength = Buffer.byteLength(text)): Promise<number> {
    const at = this.queue(text, byteLength);
    await this.drain();
    return at;
  }

  /** Queues text without writing (hot loops); returns the byte offset it starts at. Call `drain` now and then. */
  queue(text: string, byteLength = Buffer.byteLength(text)): number {
    const at = this.bytes;
    this.parts.push(text);
    this.pending += text.length;
    this.bytes += byteLength;
    return at;
  }

  /** Queues bytes the caller will not touch again (they are not copied). Call `drain` now and then. */
  appendBytes(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.hasBytes = true;
    this.pending += bytes.length;
    this.bytes += bytes.length;
  }

  /** Writes out once enough is queued. */
  async drain(): Promise<void> {
    if (this.pending >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    const hasBytes = this.hasBytes;
    this.parts = [];
    this.hasBytes = false;
    this.pending = 0;
    if (hasBytes) await this.handle.writev(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    else await this.handle.write((parts as string[]).join(''));
  }

  /** Flushes, fsyncs and closes: the bytes are on disk when this resolves. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  async discard(): Promise<void> {
    this.parts = [];
    await this.handle.close().catch(() => undefined);
  }
}
