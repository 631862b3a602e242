/** The run repositories, opened once per store. */
import { createRunBatchesRepo, type RunBatchesRepo } from '../store/runs-batches-repo';
import { createRunDiffRepo, type RunDiffRepo } from '../store/runs-diff';
import { createRunMembersRepo, type RunMembersRepo } from '../store/runs-members-repo';
import { createRunPhasesRepo, type RunPhasesRepo } from '../store/runs-phases-repo';
import { createRunsRepo, type RunsRepo } from '../store/runs-repo';
import { createRunRowsRepo, type RunRowsRepo } from '../store/runs-rows-repo';
import { createRunSnapshotsRepo, type RunSnapshotsRepo } from '../store/runs-snapshots-repo';
import type { Store } from '../store/store';

export interface RunRepos {
  store: Store;
  runs: RunsRepo;
  rows: RunRowsRepo;
  members: RunMembersRepo;
  diff: RunDiffRepo;
  batches: RunBatchesRepo;
  phases: RunPhasesRepo;
  snapshots: RunSnapshotsRepo;
}

export function createRunRepos(store: Store): RunRepos {
  return {
    store,
    runs: createRunsRepo(store),
    rows: createRunRowsRepo(store),
    members: createRunMembersRepo(store),
    diff: createRunDiffRepo(store),
    batches: createRunBatchesRepo(store),
    phases: createRunPhasesRepo(store),
    snapshots: createRunSnapshotsRepo(store),
  };
}
