/**
 * The plan's leftover bookkeeping (RunDiffRepo.settle), done in chunks with a pause between them, so
 * it fills the time the run spends waiting on Klaviyo without holding up the requests around it.
 */
import type { RunDiffRepo } from '../store/runs-diff';

const CHUNK_ROWS = 20_000;

export async function settleInChunks(diff: RunDiffRepo, runId: string): Promise<void> {
  const last = diff.maxLine(runId);
  for (let from = 0; from <= last; from += CHUNK_ROWS) {
    diff.settle(runId, from, Math.min(last, from + CHUNK_ROWS - 1));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** All at once (a run cancelled before it started). */
export function settleNow(diff: RunDiffRepo, runId: string): void {
  diff.settle(runId, 0, Number.MAX_SAFE_INTEGER);
}
