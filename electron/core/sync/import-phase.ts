/**
 * Adds and updates: bulk import jobs of at most 10,000 profiles and 5 MB, each adding its profiles to
 * the list. Every batch is recorded (`sending`, with its rows) in one transaction before the request,
 * and `sent` with the job id right after Klaviyo accepts it; the job's outcome (per-row import errors)
 * is written when it completes.
 *
 * After a crash: `sent` batches are polled; `sending` batches are sent again. Sending one twice is
 * harmless: bulk import is an upsert keyed by the profile's identifiers, and adding a profile to a
 * list it is already on changes nothing, so a duplicate job leaves the same end state.
 */
import { AppError } from '../../../shared/errors';
import type { BulkImportJob, ProfileAttributes } from '../klaviyo/index';
import { profileBytes } from '../klaviyo/payload-limits';
import { indexFromPointer } from '../klaviyo/bulk-import-api';
import type { ImportRow } from '../store/runs-rows-repo';
import { crashPoint } from './crash-points';
import { IMPORT_MAX_BYTES, IMPORT_MAX_PROFILES } from './estimate';
import { createJobPoller, type OutstandingJob } from './job-poller';
import { listGoneError } from './list-gone';
import { parsePayload, toProfileAttributes } from './row-profile';
import type { RunState } from './run-state';

/** Room for the job envelope and the list relationship around the profiles. */
const ENVELOPE_BYTES = 400;

interface Batch {
  id: number;
  rows: ImportRow[];
  profiles: ProfileAttributes[];
}

/** The longest prefix of `rows` that fits one job (pure). */
export function packImportBatch(rows: readonly ImportRow[], full: boolean, maxProfiles = IMPORT_MAX_PROFILES): { rows: ImportRow[]; profiles: ProfileAttributes[] } {
  const profiles: ProfileAttributes[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows.slice(0, maxProfiles)) {
    const profile = profileOf(row, full);
    const size = profileBytes(profile) + 1;
    if (profiles.length > 0 && bytes + size > IMPORT_MAX_BYTES) break;
    bytes += size;
    profiles.push(profile);
  }
  return { rows: rows.slice(0, profiles.length), profiles };
}

export function profileOf(row: ImportRow, full: boolean): ProfileAttributes {
  return toProfileAttributes({ email: row.email, phone: row.phone, externalId: row.external_id }, full ? parsePayload(row.payload) : null);
}

/** Which profiles of a refused job Klaviyo named, with its wording for each (pure). */
export function refusedProfiles(error: AppError, size: number): { indices: Map<number, string>; aboutList: boolean } {
  const pointers = String(error.details?.pointers ?? error.details?.pointer ?? '').split('\n').filter((p) => p !== '');
  const detailLines = String(error.details?.details ?? '').split('\n');
  const indices = new Map<number, string>();
  let aboutList = false;
  pointers.forEach((pointer, i) => {
    if (pointer.startsWith('/data/relationships/lists')) aboutList = true;
    const index = indexFromPointer(pointer);
    const detail = (pointers.length === detailLines.length ? detailLines[i] : undefined) || error.message;
    if (index !== null && index < size && !indices.has(index)) indices.set(index, detail);
  });
  if (typeof error.details?.index === 'number' && error.details.index < size && !indices.has(error.details.index)) {
    indices.set(error.details.index, error.message);
  }
  return { indices, aboutList };
}

export async function runImportPhase(state: RunState): Promise<void> {
  const { ctx, runId } = state;
  const { repos } = ctx;
  const now = () => ctx.now().toISOString();
  const poller = createJobPoller(state, (job, result) => confirmJob(state, job, result));
  const polling = poller.run();

  for (const batch of repos.batches.byStatus(runId, 'import', 'sent')) {
    if (batch.job_id) poller.add({ batchId: batch.id, jobId: batch.job_id, size: batch.size, sentAtMs: Date.parse(batch.sent_at ?? now()) });
  }
  const resend = repos.batches.byStatus(runId, 'import', 'sending').map((b) => b.id);
  let afterSeq = 0;

  /** The next batch, recorded as `sending` with its rows before anything is sent. */
  const nextBatch = (): Batch | null => {
    for (;;) {
      const id = resend.shift();
      if (id === undefined) break;
      const rows = repos.rows.importRowsOfBatch(runId, id);
      if (rows.length === 0) {
        repos.batches.markConfirmed(runId, id, now());
        continue;
      }
      repos.batches.resend(runId, id, rows.length);
      return { id, rows, profiles: rows.map((r) => profileOf(r, state.full)) };
    }
    const candidates = repos.rows.nextImportRows(runId, afterSeq, ctx.options.importBatchProfiles);
    if (candidates.length === 0) return null;
    const packed = packImportBatch(candidates, state.full, ctx.options.importBatchProfiles);
    const first = packed.rows[0] as ImportRow;
    const last = packed.rows[packed.rows.length - 1] as ImportRow;
    const id = repos.store.transaction(() => {
      const batchId = repos.batches.nextId(runId);
      repos.batches.insertSending(runId, batchId, 'import', packed.rows.length, now());
      repos.rows.assignImportRange(runId, batchId, first.seq, last.seq);
      return batchId;
    });
    afterSeq = last.seq;
    return { id, ...packed };
  };

  const send = async (batch: Batch): Promise<void> => {
    let job: BulkImportJob;
    try {
      state.requests.import += 1;
      job = await state.client.createBulkImportJob({ profiles: batch.profiles, listId: state.listId ?? undefined }, { signal: state.abort.signal });
    } catch (error) {
      if (AppError.is(error, 'VALIDATION_FAILED')) {
        await refused(batch, error);
        return;
      }
      // The batch stays `sending`: resuming sends it again, which is safe (see the top of this file).
      state.fail(error);
      return;
    }
    crashPoint('after-send:import');
    repos.batches.markSent(runId, batch.id, job.id, now());
    crashPoint('after-record:import');
    poller.add({ batchId: batch.id, jobId: job.id, size: batch.rows.length, sentAtMs: Date.now() });
  };

  /**
   * Klaviyo refused the whole job (400). The profiles it named are rejected with its reason and the
   * rest go back to be batched again; when it named none, the batch is halved until the bad rows are alone.
   */
  const refused = async (batch: Batch, error: AppError): Promise<void> => {
    const { indices, aboutList } = refusedProfiles(error, batch.rows.length);
    if (aboutList) {
      state.fail(listGoneError(state.listName, error));
      return;
    }
    const errorJson = JSON.stringify(error.toData());
    if (indices.size > 0) {
      repos.store.transaction(() => {
        for (const [index, detail] of indices) {
          const row = batch.rows[index] as ImportRow;
          repos.rows.setFate(runId, row.seq, 'rejected', `Klaviyo refused this row: ${detail}`);
        }
        repos.batches.markFailed(runId, batch.id, errorJson);
        repos.rows.releaseBatch(runId, batch.id);
      });
      state.progress.add('import', indices.size);
      afterSeq = Math.min(afterSeq, (batch.rows[0]?.seq ?? 1) - 1);
      return;
    }
    if (batch.rows.length === 1) {
      const row = batch.rows[0] as ImportRow;
      repos.store.transaction(() => {
        repos.rows.setFate(runId, row.seq, 'rejected', `Klaviyo refused this row: ${error.message}`);
        repos.batches.markFailed(runId, batch.id, errorJson);
      });
      state.progress.add('import', 1);
      return;
    }
    const mid = Math.ceil(batch.rows.length / 2);
    const halves = [batch.rows.slice(0, mid), batch.rows.slice(mid)];
    const created = repos.store.transaction(() => {
      repos.batches.markFailed(runId, batch.id, errorJson);
      return halves.map((rows) => {
        const id = repos.batches.nextId(runId);
        repos.batches.insertSending(runId, id, 'import', rows.length, now());
        repos.rows.moveBatchRange(runId, batch.id, id, (rows[0] as ImportRow).seq, (rows[rows.length - 1] as ImportRow).seq);
        return { id, rows, profiles: rows.map((r) => profileOf(r, state.full)) };
      });
    });
    for (const half of created) {
      if (state.stopping) return;
      await send(half);
    }
  };

  const inflight = new Set<Promise<void>>();
  while (!state.stopping) {
    if (inflight.size >= ctx.options.importConcurrency) {
      await Promise.race(inflight);
      continue;
    }
    if (inflight.size + poller.outstanding >= ctx.options.maxOutstandingJobs) {
      await Promise.race([poller.changed(), ...inflight]);
      continue;
    }
    const batch = nextBatch();
    if (!batch) {
      if (inflight.size === 0) break;
      // A refused batch may hand rows back: wait for what is in flight before deciding we are done.
      await Promise.race(inflight);
      continue;
    }
    const sending: Promise<void> = send(batch).finally(() => inflight.delete(sending));
    inflight.add(sending);
    // Let this job's request go out (and the removals run) before building the next one.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inflight);
  poller.creationsFinished();
  state.markImportsSent();
  await polling;
}

/** A job finished: its failed rows get Klaviyo's reason, every other row of the batch is added or updated. */
async function confirmJob(state: RunState, job: OutstandingJob, result: BulkImportJob): Promise<void> {
  const { ctx, runId } = state;
  const { repos } = ctx;
  const rows = repos.rows.importRowsOfBatch(runId, job.batchId);
  const failures = new Map<number, string>();
  if (result.status === 'cancelled') {
    for (const row of rows) failures.set(row.seq, 'Klaviyo cancelled the import job that carried this row.');
  } else if (result.failedCount > 0) {
    const profiles = rows.map((r) => profileOf(r, state.full));
    let unplaced = 0;
    state.requests.import += Math.ceil(result.failedCount / 100);
    for await (const error of state.client.iterateImportErrors(job.jobId, { profiles }, { signal: state.abort.signal })) {
      const row = error.index !== null ? rows[error.index] : undefined;
      if (row) failures.set(row.seq, `${error.title} ${error.detail}`.trim());
      else unplaced += 1;
    }
    if (unplaced > 0) ctx.logger.warn('import errors that name no row of the batch', { runId, batch: job.batchId, unplaced });
  }
  // When Klaviyo finished it, on our clock: the job's own duration after we sent it (for later estimates).
  const took = result.createdAt && result.completedAt ? Date.parse(result.completedAt) - Date.parse(result.createdAt) : NaN;
  const confirmedAt = Number.isFinite(took) && took >= 0 ? new Date(job.sentAtMs + took) : ctx.now();
  repos.store.transaction(() => {
    for (const [seq, reason] of failures) repos.rows.setFate(runId, seq, 'failed', reason);
    repos.rows.confirmImportBatch(runId, job.batchId);
    repos.batches.markConfirmed(runId, job.batchId, confirmedAt.toISOString());
  });
  crashPoint('after-confirm:import');
  state.progress.add('import', rows.length);
}
