/**
 * The end of a complete run: the list's size as Klaviyo counts it, the new membership snapshot (kept
 * only when it agrees with that count, so the next plan never trusts a wrong one), payloads cleared.
 */
import type { RunState } from './run-state';

export async function runFinalize(state: RunState): Promise<void> {
  const { ctx, runId } = state;
  const { repos } = ctx;
  const listId = state.listId;
  if (listId === null) return;
  state.requests.finalize += 1;
  const list = await state.client.getList(listId, { profileCount: true }, { signal: state.abort.signal });
  const size = list.profileCount;
  const takenAt = ctx.now().toISOString();
  repos.store.transaction(() => {
    repos.runs.setListSizeAfter(runId, size);
    if (state.accountId === null || size === null) {
      repos.snapshots.remove(listId);
    } else {
      const count = repos.snapshots.writeFromRun({
        listId, accountId: state.accountId, runId, takenAt, membersCarriedOver: state.runOptions.recreated !== true,
      });
      if (count !== size) {
        // Someone else changed the list during the run (or Klaviyo counts differently): read it in full next time.
        ctx.logger.info('snapshot does not match the list size; not kept', { runId, snapshot: count, listSize: size });
        repos.snapshots.remove(listId);
      }
    }
    if (state.full) repos.rows.clearPayloads(runId);
  });
}
