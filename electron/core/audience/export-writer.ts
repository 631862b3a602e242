/**
 * The export's output (in the reading thread): kept profiles go to the SFTP-ready audience CSV,
 * rejected lines to the rejects report, in file order, into temporary files. Rows arrive pre-rendered
 * by the stage workers. Merges wait in memory (they grow with merged people only); if any exist, one
 * final pass copies the audience file and rewrites just the merged rows, found by their byte offsets.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import Papa from 'papaparse';
import type { RejectReason } from '../../../shared/audience';
import { audienceColumns } from './compile-mapping';
import { csvLine, spreadsheetCell } from './csv-write';
import { BufferedFile } from './buffered-file';
import { growTypedArray } from './byte-key-table';
import type { IdKind } from './identity-index';
import type { PassContext } from './pass';
import type { SettleOutput } from './settle';

export interface ExportTempFiles {
  audience: string;
  rejects: string;
  /** Used only when merges exist; renamed over `audience` at the end. */
  rewrite: string;
}

export interface ExportWriteStats {
  columns: string[];
  audienceRows: number;
  rejectRows: number;
  mergedRows: number;
  rewriteMs: number;
}

const rowParser = () => new Papa.Parser({ delimiter: ',', newline: '\r\n' });

/** A copy that shares no memory with a larger string (a substring can keep its whole parent alive). */
function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Cells of one line we rendered ourselves (RFC 4180, CRLF). */
function cellsOf(line: string): string[] {
  return (rowParser().parse(line, 0, false) as { data: string[][] }).data[0] ?? [];
}

const READ_CHUNK = 4 << 20;

/**
 * A file read front to back in READ_CHUNK pieces, handed out as consecutive ranges. A range is a view
 * of a buffer that is never written again (each refill reads into a new one), so the caller may keep
 * it, queued for writing, after asking for the next.
 */
export class SequentialReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** The file offset of buffer[0]. */
  private start = 0;

  constructor(private readonly handle: FileHandle, private readonly size: number, private readonly chunk = READ_CHUNK) {}

  /** Bytes [from, to) of the file; `from` never goes back before an earlier call's `from`. */
  async range(from: number, to: number): Promise<Buffer> {
    if (from < this.start) throw new Error('the audience file is read front to back only');
    if (to > this.start + this.buffer.length) {
      const kept = from < this.start + this.buffer.length ? this.buffer.subarray(from - this.start) : Buffer.alloc(0);
      const length = Math.min(this.size - from, Math.max(this.chunk, to - from));
      const next = Buffer.allocUnsafe(length);
      kept.copy(next);
      let filled = kept.length;
      while (filled < length) {
        const { bytesRead } = await this.handle.read(next, filled, length - filled, from + filled);
        if (bytesRead === 0) throw new Error('audience file shorter than written');
        filled += bytesRead;
      }
      this.buffer = next;
      this.start = from;
    }
    if (to > this.start + this.buffer.length) throw new Error('audience file shorter than written');
    return this.buffer.subarray(from - this.start, to - this.start);
  }
}

export class ExportSink implements SettleOutput {
  private keptLines: Int32Array;
  private keptOffsets: Float64Array;
  private kept = 0;
  private rejectRows = 0;
  /**
   * kept line → cells to fill, encoded `column SOH value` joined by NUL. One detached string per
   * kept line: values cut from a slice's packed text would otherwise keep the whole slice alive.
   */
  private merges = new Map<number, string>();
  private readonly idColumn: Record<IdKind, number>;
  private readonly firstValueColumn: number;

  private constructor(
    private readonly temp: ExportTempFiles,
    private readonly columns: string[],
    private audience: BufferedFile,
    private rejects: BufferedFile,
    expectedRecords: number,
  ) {
    this.keptLines = new Int32Array(Math.max(4096, expectedRecords));
    this.keptOffsets = new Float64Array(Math.max(4096, expectedRecords));
    this.idColumn = { email: columns.indexOf('Email'), phone: columns.indexOf('PhoneNumber'), externalId: columns.indexOf('ExternalID') };
    this.firstValueColumn = Object.values(this.idColumn).filter((i) => i >= 0).length;
  }

  static async open(temp: ExportTempFiles, context: PassContext): Promise<ExportSink> {
    const columns = audienceColumns(context.compiled);
    const audience = await BufferedFile.create(temp.audience);
    const rejects = await BufferedFile.create(temp.rejects).catch(async (error: unknown) => {
      await audience.discard();
      throw error;
    });
    audience.queue(csvLine(columns));
    rejects.queue(csvLine(['line', 'reason', 'message', ...context.headers, 'extra values'], spreadsheetCell));
    return new ExportSink(temp, columns, audience, rejects, context.expectedRecords);
  }

  accepted(line: number, payload: string): void {
    const offset = this.audience.queue(payload);
    const i = this.kept++;
    this.keptLines = growTypedArray(this.keptLines, i + 1);
    this.keptOffsets = growTypedArray(this.keptOffsets, i + 1);
    this.keptLines[i] = line;
    this.keptOffsets[i] = offset;
  }

  rejected(line: number, reason: RejectReason, message: string, payload: string): void {
    this.rejects.queue(`${line},${reason},${spreadsheetCell(message)},${payload}\r\n`);
    this.rejectRows++;
  }

  duplicate(): void {}

  blank(): void {}

  merge(keptLine: number, payload: string, ids: Partial<Record<IdKind, string>> | null, columns: number[] | null): void {
    const cells: string[] = [];
    for (const [kind, value] of Object.entries(ids ?? {}) as Array<[IdKind, string]>) cells.push(`${this.idColumn[kind]}\u0001${value}`);
    if (columns) {
      const row = cellsOf(payload);
      for (const c of columns) cells.push(`${this.firstValueColumn + c}\u0001${row[this.firstValueColumn + c] ?? ''}`);
    }
    const before = this.merges.get(keptLine);
    this.merges.set(keptLine, detach(before === undefined ? cells.join('\u0000') : `${before}\u0000${cells.join('\u0000')}`));
  }

  async flush(): Promise<void> {
    await Promise.all([this.audience.drain(), this.rejects.drain()]);
  }

  async reset(): Promise<void> {
    await Promise.all([this.audience.discard(), this.rejects.discard()]);
    await Promise.all([rm(this.temp.audience, { force: true }), rm(this.temp.rejects, { force: true })]);
  }

  /** Commits both files to disk (and applies merges). The files keep their temporary names. */
  async finish(): Promise<ExportWriteStats> {
    await Promise.all([this.audience.commit(), this.rejects.commit()]);
    const started = performance.now();
    if (this.merges.size > 0) await this.rewrite();
    return {
      columns: this.columns, audienceRows: this.kept, rejectRows: this.rejectRows,
      mergedRows: this.merges.size, rewriteMs: this.merges.size > 0 ? Math.round(performance.now() - started) : 0,
    };
  }

  async discard(): Promise<void> {
    await this.reset();
    await rm(this.temp.rewrite, { force: true });
  }

  private keptIndex(line: number): number {
    let lo = 0;
    let hi = this.kept - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.keptLines[mid]!;
      if (at === line) return mid;
      if (at < line) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`merge into line ${line}, which was not kept`);
  }

  /**
   * Copies the audience file, re-rendering the merged rows; the copy replaces it. The file is read
   * front to back in big chunks: reading each gap and each merged row on its own costs two reads per
   * merged row, which for tens of thousands of merges took longer than the rest of the copy.
   */
  private async rewrite(): Promise<void> {
    const merged = [...this.merges.keys()].map((line) => this.keptIndex(line)).sort((a, b) => a - b);
    const source = await open(this.temp.audience, 'r');
    const target = await BufferedFile.create(this.temp.rewrite);
    try {
      const size = (await source.stat()).size;
      const reader = new SequentialReader(source, size);
      const copy = async (from: number, to: number) => {
        for (let at = from; at < to; at += READ_CHUNK) {
          target.appendBytes(await reader.range(at, Math.min(to, at + READ_CHUNK)));
          await target.drain();
        }
      };
      let position = 0;
      for (const index of merged) {
        const start = this.keptOffsets[index]!;
        const end = index + 1 < this.kept ? this.keptOffsets[index + 1]! : size;
        await copy(position, start);
        const cells = cellsOf((await reader.range(start, end)).toString('utf8'));
        for (const cell of this.merges.get(this.keptLines[index]!)!.split('\u0000')) {
          const at = cell.indexOf('\u0001');
          const column = Number(cell.slice(0, at));
          if (cells[column] === '') cells[column] = cell.slice(at + 1);
        }
        target.queue(csvLine(cells));
        position = end;
      }
      await copy(position, size);
      await target.commit();
    } catch (error) {
      await target.discard();
      throw error;
    } finally {
      await source.close();
    }
    await rename(this.temp.rewrite, this.temp.audience);
  }
}
