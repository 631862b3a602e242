/**
 * Creates the plan's new list, exactly once. The creation is recorded (`sending`) before the request;
 * after a crash between the request and the record of its answer, the list is looked up by name
 * (a list of that name created since the record) before anything is created again.
 */
import { AppError } from '../../../shared/errors';
import type { KlaviyoListRecord } from '../klaviyo/index';
import { crashPoint } from './crash-points';
import type { RunState } from './run-state';

/** Klaviyo's and our clocks may disagree a little: a list created this long before our record still counts. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export async function runCreateListPhase(state: RunState): Promise<void> {
  const { ctx, runId } = state;
  const { repos } = ctx;
  if (state.listId !== null) return;
  const now = () => ctx.now().toISOString();
  const previous = repos.batches.latest(runId, 'create_list');
  let list: KlaviyoListRecord | undefined;
  let batchId: number;
  if (previous && previous.status === 'sending') {
    state.requests.create_list += 1;
    const since = Date.parse(previous.created_at) - CLOCK_SKEW_MS;
    const found = (await state.client.findListsByName(state.listName, { signal: state.abort.signal }))
      .filter((l) => l.created === null || Date.parse(l.created) >= since)
      .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
    list = found[0];
    batchId = previous.id;
    if (!list) repos.batches.resend(runId, batchId, 1);
  } else {
    batchId = repos.store.transaction(() => {
      const id = repos.batches.nextId(runId);
      repos.batches.insertSending(runId, id, 'create_list', 1, now());
      return id;
    });
  }
  if (!list) {
    state.requests.create_list += 2;
    try {
      list = await state.client.createList(state.listName, { signal: state.abort.signal });
    } catch (error) {
      if (AppError.is(error, 'LIST_LIMIT_REACHED') || AppError.is(error, 'LIST_CREATE_DAILY_LIMIT')) {
        repos.batches.markFailed(runId, batchId, JSON.stringify(error.toData()));
      }
      throw error;
    }
    crashPoint('after-send:create_list');
  }
  const created = list;
  repos.store.transaction(() => {
    repos.batches.markConfirmed(runId, batchId, now());
    repos.runs.setList(runId, created.id, created.name);
    if (state.accountId) repos.snapshots.recordCreation(state.accountId, created.id, created.name, created.created ?? now());
  });
  state.listId = created.id;
}
