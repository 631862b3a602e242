/**
 * Settling: the reading thread takes staged slices in file order, deduplicates the candidates, keeps
 * the counts, and tells the output what became of every line.
 */
import { REJECT_REASONS, type AudienceCounts, type RejectReason } from '../../../shared/audience';
import { IdentityIndex, RowIds, type IdKind } from './identity-index';
import { KIND_BLANK, KIND_CANDIDATE, type SliceRequest, type SliceResult } from './stage';

export interface SettleOutput {
  /** `payload`: the rendered audience line (export) or the profile JSON (batches). */
  accepted(line: number, payload: string): void;
  /** `payload`: the original values, as rejects-report cells (export) or JSON (batches). */
  rejected(line: number, reason: RejectReason, message: string, payload: string): void;
  duplicate(line: number, of: number, note: string | null): void;
  blank(line: number): void;
  /** A duplicate fills what the kept line lacked: take `ids` and the value `columns` from its payload. */
  merge(keptLine: number, payload: string, ids: Partial<Record<IdKind, string>> | null, columns: number[] | null): void;
  /** The slice is settled: write or send what it produced (awaited: backpressure). */
  flush(): Promise<void>;
  /** The pass starts over: forget everything. */
  reset(): Promise<void>;
}

export function emptyCounts(): AudienceCounts {
  return { records: 0, accepted: 0, rejected: 0, duplicates: 0, blank: 0, rejectedBy: {} };
}

export class Settler {
  readonly counts: AudienceCounts = emptyCounts();
  private readonly index: IdentityIndex;
  private readonly ids = new RowIds();

  /**
   * @param recordValues the original values of the record on `line` of a slice (for rows rejected
   *   here: conflicts); `nextLine` is where the next record starts, undefined for the slice's last
   * @param rejectPayload renders them for the output
   */
  constructor(
    private readonly words: number,
    private readonly recordValues: (slice: SliceRequest, line: number, nextLine: number | undefined) => string[],
    private readonly rejectPayload: (values: string[]) => string,
    private readonly output: SettleOutput,
    sizing: { expectedPeople: number; mapped: Readonly<Record<IdKind, boolean>> } = { expectedPeople: 1024, mapped: { email: true, phone: true, externalId: true } },
  ) {
    this.index = new IdentityIndex(words, sizing.expectedPeople, sizing.mapped);
  }

  /** Distinct people kept so far. */
  get people(): number {
    return this.index.size;
  }

  settle(result: SliceResult, slice: SliceRequest): void {
    const { pack, ends, kinds, lines, reasons, masks, count } = result;
    const counts = this.counts;
    const output = this.output;
    const ids = this.ids;
    ids.pack = pack;
    ids.hashes = result.idHashes;
    let piece = 0;
    const next = () => pack.slice(piece === 0 ? 0 : ends[piece - 1]!, ends[piece++]!);

    for (let r = 0; r < count; r++) {
      const line = lines[r]!;
      const kind = kinds[r]!;
      counts.records++;
      if (kind === KIND_BLANK) {
        counts.blank++;
        output.blank(line);
        continue;
      }
      if (kind !== KIND_CANDIDATE) {
        const message = next();
        this.reject(line, REJECT_REASONS[reasons[r]!]!, message, next());
        continue;
      }
      // The identifiers stay ranges of the packed text: no copies for the lookups.
      for (let k = 0; k < 3; k++, piece++) {
        ids.starts[k] = piece === 0 ? 0 : ends[piece - 1]!;
        ids.ends[k] = ends[piece]!;
      }
      ids.at = 6 * r;
      const decision = this.index.decide(line, ids, masks, r * this.words);
      switch (decision.kind) {
        case 'new':
          counts.accepted++;
          output.accepted(line, next());
          break;
        case 'conflict': {
          piece++;
          const values = this.recordValues(slice, line, r + 1 < count ? lines[r + 1] : undefined);
          this.reject(line, 'conflict', decision.message, this.rejectPayload(values));
          break;
        }
        case 'duplicate':
          counts.duplicates++;
          if (decision.ids || decision.columns) output.merge(decision.of, next(), decision.ids, decision.columns);
          else piece++;
          output.duplicate(line, decision.of, decision.note);
          break;
      }
    }
  }

  private reject(line: number, reason: RejectReason, message: string, payload: string): void {
    this.counts.rejected++;
    this.counts.rejectedBy[reason] = (this.counts.rejectedBy[reason] ?? 0) + 1;
    this.output.rejected(line, reason, message, payload);
  }
}
