/** The settle output for prepareAudience: each slice becomes one PreparedBatch, as JSON (cheap to post). */
import type { RejectReason } from '../../../shared/audience';
import type { CompiledMapping } from './compile-mapping';
import type { IdKind } from './identity-index';
import type { SettleOutput } from './settle';
import type { NormalizedProfile } from './types';

export class JsonBatchOutput implements SettleOutput {
  private records: string[] = [];
  private patches: string[] = [];

  constructor(
    private readonly compiled: CompiledMapping,
    /** Receives each batch as JSON; awaited (backpressure). */
    private readonly deliver: (json: string) => Promise<void>,
    private readonly onReset: () => Promise<void>,
  ) {}

  accepted(line: number, payload: string): void {
    this.records.push(`{"line":${line},"status":"accepted","profile":${payload}}`);
  }

  rejected(line: number, reason: RejectReason, message: string, payload: string): void {
    this.records.push(`{"line":${line},"status":"rejected","reason":"${reason}","message":${JSON.stringify(message)},"values":${payload}}`);
  }

  duplicate(line: number, of: number, note: string | null): void {
    this.records.push(`{"line":${line},"status":"duplicate","duplicateOf":${of},"note":${JSON.stringify(note)}}`);
  }

  blank(line: number): void {
    this.records.push(`{"line":${line},"status":"blank"}`);
  }

  merge(keptLine: number, payload: string, ids: Partial<Record<IdKind, string>> | null, columns: number[] | null): void {
    const profile = JSON.parse(payload) as NormalizedProfile;
    const set: Partial<NormalizedProfile> = { ...ids };
    for (const c of columns ?? []) {
      const column = this.compiled.values[c]!;
      if (column.kind === 'field') (set.fields ??= {})[column.name] = profile.fields[column.name]!;
      else (set.properties ??= {})[column.name] = profile.properties[column.name]!;
    }
    this.patches.push(JSON.stringify({ line: keptLine, set }));
  }

  async flush(): Promise<void> {
    if (this.records.length === 0 && this.patches.length === 0) return;
    const json = `{"records":[${this.records.join(',')}],"patches":[${this.patches.join(',')}]}`;
    this.records = [];
    this.patches = [];
    await this.deliver(json);
  }

  async reset(): Promise<void> {
    this.records = [];
    this.patches = [];
    await this.onReset();
  }
}
