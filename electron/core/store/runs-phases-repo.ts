/** When each phase of a run started and finished, how many requests it made, and what the plan estimated. */
import type { RunPhase } from '../../../shared/sync';
import { sql } from './sql';
import type { Store } from './store';

export interface RunPhasesRepo {
  setEstimate(runId: string, phase: RunPhase, seconds: number, requests: number): void;
  /** Marks a phase started (the first time only: a resumed phase keeps its first start). */
  start(runId: string, phase: RunPhase, at: string): void;
  finish(runId: string, phase: RunPhase, at: string, requests: number): void;
  get(runId: string, phase: RunPhase): { started_at: string | null; finished_at: string | null; requests: number } | undefined;
}

export function createRunPhasesRepo(store: Store): RunPhasesRepo {
  return {
    setEstimate(runId, phase, seconds, requests) {
      store.run(sql`INSERT INTO run_phases (run_id, phase, estimate_seconds, requests) VALUES (${runId}, ${phase}, ${seconds}, ${requests})
        ON CONFLICT (run_id, phase) DO UPDATE SET estimate_seconds = excluded.estimate_seconds`);
    },
    start(runId, phase, at) {
      store.run(sql`INSERT INTO run_phases (run_id, phase, started_at) VALUES (${runId}, ${phase}, ${at})
        ON CONFLICT (run_id, phase) DO UPDATE SET started_at = coalesce(started_at, excluded.started_at), finished_at = NULL`);
    },
    finish(runId, phase, at, requests) {
      store.run(sql`INSERT INTO run_phases (run_id, phase, started_at, finished_at, requests) VALUES (${runId}, ${phase}, ${at}, ${at}, ${requests})
        ON CONFLICT (run_id, phase) DO UPDATE SET finished_at = excluded.finished_at, requests = excluded.requests,
          started_at = coalesce(started_at, excluded.started_at)`);
    },
    get: (runId, phase) => store.get(sql`SELECT started_at, finished_at, requests FROM run_phases WHERE run_id = ${runId} AND phase = ${phase}`),
  };
}
