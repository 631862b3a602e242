/**
 * Where the audience pipeline's records land while planning: run_rows, one transaction per batch the
 * pipeline hands over. Accepted rows are `pending` (the plan decides the rest), rejected rows keep
 * their original values for the rejects report, duplicates point at the kept line, and merge patches
 * fill the kept rows. Blank records are counted by the pipeline but not stored: there is nobody in them.
 */
import type { RejectedLine } from '../../../shared/audience';
import type { AudienceSink, PreparedBatch, PreparedRecord } from '../audience/types';
import type { RunDiffRepo } from '../store/runs-diff';
import type { RunRowsRepo, StagedRow } from '../store/runs-rows-repo';
import type { Store } from '../store/store';
import { crashPoint } from './crash-points';
import type { PlanMatcher } from './plan-matcher';
import { mergePayload, parsePayload, payloadOf, rowContentHash } from './row-profile';

export interface StageSinkOptions {
  store: Store;
  rows: RunRowsRepo;
  diff: RunDiffRepo;
  matcher: PlanMatcher;
  runId: string;
  /** Full-profile mode stores what to write beyond the identifiers. */
  full: boolean;
  /** The file's Email column, if mapped: a rejected line keeps the address it gave (see below). */
  emailColumn?: number | null;
  sampleLimit?: number;
}

export interface StageSink extends AudienceSink {
  readonly rejectedSamples: RejectedLine[];
  readonly batches: number;
}

function toStaged(record: Exclude<PreparedRecord, { status: 'blank' }>, full: boolean, emailColumn: number | null): StagedRow {
  const base = { seq: record.line, line: record.line, email: null, phone: null, externalId: null, reason: null,
    duplicateOf: null, payload: null, valuesJson: null, contentHash: null };
  switch (record.status) {
    case 'accepted': {
      const payload = full ? payloadOf(record.profile) : null;
      return {
        ...base, fate: 'pending', email: record.profile.email, phone: record.profile.phone, externalId: record.profile.externalId,
        payload: payload ? JSON.stringify(payload) : null, contentHash: rowContentHash(payload),
      };
    }
    case 'rejected': {
      // The address as written (trimmed, lower-cased): the history can find the line by it, and a mirror
      // sync does not remove a member just because the line that names them had another problem.
      const raw = emailColumn !== null ? record.values[emailColumn]?.trim().toLowerCase() : undefined;
      return { ...base, fate: 'rejected', email: raw ? raw : null, reason: record.message, valuesJson: JSON.stringify(record.values) };
    }
    case 'duplicate':
      return { ...base, fate: 'duplicate', duplicateOf: record.duplicateOf, reason: record.note };
  }
}

export function createStageSink(options: StageSinkOptions): StageSink {
  const { store, rows, diff, matcher, runId, full } = options;
  const limit = options.sampleLimit ?? 10;
  const rejectedSamples: RejectedLine[] = [];
  let batches = 0;

  const applyPatches = (batch: PreparedBatch) => {
    for (const { line, set } of batch.patches) {
      const kept = rows.getKept(runId, line);
      // The pipeline only patches lines it kept; a missing one means it was not staged (a bug), so say so.
      if (!kept) throw new Error(`merge patch for line ${line}, which was not staged as accepted`);
      const payload = full ? mergePayload(parsePayload(kept.payload), set) : null;
      const next = {
        email: set.email !== undefined ? set.email : kept.email,
        phone: set.phone !== undefined ? set.phone : kept.phone,
        externalId: set.externalId !== undefined ? set.externalId : kept.externalId,
        payload: payload ? JSON.stringify(payload) : null,
      };
      const hash = rowContentHash(payload);
      rows.updateKept(runId, line, next, hash);
      const match = { seq: line, email: next.email, phone: next.phone, external_id: next.externalId, content_hash: hash };
      if (kept.profileId !== null) matcher.rowChanged(match, kept.profileId);
      else matcher.rowStored(match);
    }
  };

  return {
    rejectedSamples,
    get batches() {
      return batches;
    },
    write(batch) {
      store.transaction(() => {
        const staged: StagedRow[] = [];
        for (const record of batch.records) {
          if (record.status === 'blank') continue;
          staged.push(toStaged(record, full, options.emailColumn ?? null));
          if (record.status === 'rejected' && rejectedSamples.length < limit) {
            rejectedSamples.push({ line: record.line, reason: record.reason, message: record.message, values: record.values });
          }
        }
        rows.insertStaged(runId, staged);
        for (const row of staged) {
          if (row.fate === 'pending') {
            matcher.rowStored({ seq: row.seq, email: row.email, phone: row.phone, external_id: row.externalId, content_hash: row.contentHash });
          }
        }
        applyPatches(batch);
      });
      batches += 1;
      crashPoint('staging');
    },
    reset() {
      store.transaction(() => {
        rows.deleteAll(runId);
        diff.clearMemberMatches(runId);
      });
      rejectedSamples.length = 0;
      batches = 0;
    },
  };
}
