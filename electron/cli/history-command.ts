/** `klaviyo-sync history [<run-id>] [--rows <fate>]` and `klaviyo-sync find <email|phone|external-id>`: the offline history. */
import { resolve as resolvePath } from 'node:path';
import { ROW_FATES, RUN_STATUSES, type RowFate, type RunStatus } from '../../shared/sync';
import { print, usageError, withApp, type CommandContext } from './command-context';
import { renderPerson, renderRowsPage, renderRunDetail, renderRunsPage } from './history-format';
import { resolveRunId } from './resolve';
import { formatCount } from './text-table';

export interface HistoryOptions {
  rows?: string;
  /** Write the run's whole log as CSV to this file. */
  export?: string;
  limit?: number;
  offset?: number;
  list?: string;
  status?: string;
  search?: string;
}

const MAX_ROWS = 1000;
const MAX_RUNS = 200;

function fateOption(text: string | undefined): RowFate | undefined | 'all' {
  if (text === undefined || text === 'all') return text as 'all' | undefined;
  const fate = ROW_FATES.find((f) => f === text.toLowerCase() || `${f}s` === text.toLowerCase());
  if (!fate) throw usageError(`--rows "${text}" is not a fate. Use one of: all, ${ROW_FATES.join(', ')}.`);
  return fate;
}

function statusOption(text: string | undefined): RunStatus | undefined {
  if (text === undefined) return undefined;
  const status = RUN_STATUSES.find((s) => s === text.toLowerCase());
  if (!status) throw usageError(`--status "${text}" is not a run status. Use one of: ${RUN_STATUSES.join(', ')}.`);
  return status;
}

function limitOption(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw usageError(`--limit must be a whole number from 1 to ${max}.`);
  return limit;
}

export function historyCommand(ctx: CommandContext, runText: string | undefined, options: HistoryOptions): Promise<number> {
  return withApp(ctx, async (app) => {
    if (runText === undefined) {
      if (options.rows !== undefined || options.export !== undefined) {
        throw usageError('--rows and --export need a run: `klaviyo-sync history <run-id> --rows rejected`.');
      }
      const status = statusOption(options.status);
      const page = await app.listRuns({
        limit: limitOption(options.limit, MAX_RUNS, 20), offset: options.offset ?? 0,
        ...(options.list ? { listId: options.list } : {}),
        ...(status ? { status } : {}),
        ...(options.search ? { search: options.search } : {}),
      });
      print(ctx, renderRunsPage(page), page);
      return 0;
    }
    const fate = fateOption(options.rows);
    const runId = await resolveRunId(app, runText);
    if (options.export !== undefined) {
      const written = await app.exportRunLog({ runId, path: resolvePath(options.export) });
      print(ctx, `Wrote the log of ${formatCount(written.rows)} lines to ${written.path}.`, written);
      return 0;
    }
    if (fate === undefined) {
      const detail = await app.getRun({ runId });
      print(ctx, renderRunDetail(detail), detail);
      return 0;
    }
    const offset = options.offset ?? 0;
    const page = await app.listRunRows({
      runId, offset, limit: limitOption(options.limit, MAX_ROWS, 100), ...(fate !== 'all' ? { fate } : {}),
    });
    print(ctx, renderRowsPage(page, fate === 'all' ? undefined : fate, offset), { runId, ...page });
    return 0;
  });
}

export function findCommand(ctx: CommandContext, query: string): Promise<number> {
  return withApp(ctx, async (app) => {
    const result = await app.findPerson({ query });
    print(ctx, renderPerson(result), result);
    return 0;
  });
}
