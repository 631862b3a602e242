/** What the planner, the runner and the handlers share inside one engine. */
import type { Logger } from '../log';
import type { ResolvedOptions, SyncDeps } from './deps';
import type { RunRepos } from './repos';

export interface EngineContext {
  deps: SyncDeps;
  repos: RunRepos;
  options: ResolvedOptions;
  logger: Logger;
  now(): Date;
  /** Runs this process is planning right now (their rows are still being written). */
  planning: Set<string>;
}
