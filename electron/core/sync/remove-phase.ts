/**
 * Mirror mode's removals: members absent from the file leave the list, 1,000 profile ids per request
 * (a different rate-limit bucket from imports, so both run at once). Each batch is recorded before the
 * request and confirmed after it; removing is idempotent, so a batch left `sending` by a crash is
 * simply sent again.
 */
import { AppError } from '../../../shared/errors';
import type { RemoveRow } from '../store/runs-rows-repo';
import { crashPoint } from './crash-points';
import type { RunState } from './run-state';

const POINTER = /^\/data\/(\d+)\/id$/;

/** Profile ids Klaviyo says do not exist (a 400 naming `/data/<i>/id`), by position (pure). */
export function missingProfiles(error: AppError, size: number): number[] {
  const pointers = String(error.details?.pointers ?? error.details?.pointer ?? '').split('\n');
  const out: number[] = [];
  for (const pointer of pointers) {
    const match = POINTER.exec(pointer);
    const index = match ? Number(match[1]) : NaN;
    if (Number.isInteger(index) && index < size && !out.includes(index)) out.push(index);
  }
  return out;
}

export async function runRemovePhase(state: RunState): Promise<void> {
  const { ctx, runId } = state;
  const { repos } = ctx;
  const now = () => ctx.now().toISOString();
  const resend = repos.batches.byStatus(runId, 'remove', 'sending').map((b) => b.id);
  let afterSeq = 0;

  const nextBatch = (): { id: number; rows: RemoveRow[] } | null => {
    for (;;) {
      const id = resend.shift();
      if (id === undefined) break;
      const rows = repos.rows.removeRowsOfBatch(runId, id);
      if (rows.length === 0) {
        repos.batches.markConfirmed(runId, id, now());
        continue;
      }
      repos.batches.resend(runId, id, rows.length);
      return { id, rows };
    }
    const rows = repos.rows.nextRemoveRows(runId, afterSeq, ctx.options.removeBatchIds);
    if (rows.length === 0) return null;
    const first = (rows[0] as RemoveRow).seq;
    const last = (rows[rows.length - 1] as RemoveRow).seq;
    const id = repos.store.transaction(() => {
      const batchId = repos.batches.nextId(runId);
      repos.batches.insertSending(runId, batchId, 'remove', rows.length, now());
      repos.rows.assignRemoveRange(runId, batchId, first, last);
      return batchId;
    });
    afterSeq = last;
    return { id, rows };
  };

  const send = async (batch: { id: number; rows: RemoveRow[] }): Promise<void> => {
    let rows = batch.rows;
    while (rows.length > 0) {
      try {
        state.requests.remove += 1;
        await state.client.removeFromList(state.listId ?? '', rows.map((r) => r.profile_id), { signal: state.abort.signal });
        break;
      } catch (error) {
        const gone = AppError.is(error, 'VALIDATION_FAILED') ? missingProfiles(error, rows.length) : [];
        if (gone.length === 0) {
          state.fail(error);
          return;
        }
        // Profiles deleted from Klaviyo since the plan are on no list: nothing to remove for them.
        const goneRows = gone.map((i) => rows[i] as RemoveRow);
        repos.store.transaction(() => {
          for (const row of goneRows) repos.rows.setFate(runId, row.seq, 'removed', 'This profile no longer exists in Klaviyo, so it is not on the list.');
        });
        state.progress.add('remove', goneRows.length);
        rows = rows.filter((r) => !goneRows.includes(r));
      }
    }
    crashPoint('after-send:remove');
    const done = repos.store.transaction(() => {
      const changed = repos.rows.confirmRemoveBatch(runId, batch.id);
      repos.batches.markConfirmed(runId, batch.id, now());
      return changed;
    });
    state.progress.add('remove', done);
  };

  const inflight = new Set<Promise<void>>();
  while (!state.stopping) {
    if (inflight.size >= ctx.options.removeConcurrency) {
      await Promise.race(inflight);
      continue;
    }
    const batch = nextBatch();
    if (!batch) break;
    const sending: Promise<void> = send(batch).finally(() => inflight.delete(sending));
    inflight.add(sending);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inflight);
}
