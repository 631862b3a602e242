/** One run in full: its summary plus the mapping, the audience counts, the estimate and each phase's timing. */
import { z } from 'zod';
import type { PhaseTiming, RunDetail } from '../../../shared/history';
import { MappingSchema } from '../../../shared/mapping';
import { RUN_PHASES, type Estimate } from '../../../shared/sync';
import { REJECT_REASONS, type AudienceCounts } from '../../../shared/audience';
import type { Logger } from '../log';
import { sql } from '../store/sql';
import type { SqlRunner } from '../store/store';
import { parseRunRecord, readJsonColumn, runNotFound, runSummaryColumns, toRunSummary } from './run-record';

const AudienceCountsSchema: z.ZodType<AudienceCounts> = z.object({
  records: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  blank: z.number().int(),
  rejectedBy: z.partialRecord(z.enum(REJECT_REASONS), z.number().int()),
});

const EstimateSchema: z.ZodType<Estimate> = z.object({
  seconds: z.number(),
  phases: z.array(z.object({
    phase: z.enum(RUN_PHASES),
    requests: z.number(),
    seconds: z.number(),
    basis: z.string(),
  })),
});

/** The plan is stored whole; the detail only needs its estimate. */
const PlanEstimateSchema = z.object({ estimate: EstimateSchema }).transform((plan) => plan.estimate);

const PhaseRowSchema = z.object({
  phase: z.enum(RUN_PHASES),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  requests: z.number().int(),
  estimate_seconds: z.number().nullable(),
});

export function getRunDetail(db: SqlRunner & { path: string }, runId: string, logger: Logger): RunDetail {
  const row = db.get<unknown>(sql`SELECT ${runSummaryColumns}, r.mapping_json, r.audience_json, r.plan_json, r.rows_purged
    FROM runs r WHERE r.id = ${runId}`);
  if (row === undefined) throw runNotFound(runId);
  const record = parseRunRecord(row, db.path);
  const extra = z.object({
    mapping_json: z.string().nullable(),
    audience_json: z.string().nullable(),
    plan_json: z.string().nullable(),
    rows_purged: z.number().int(),
  }).parse(row);
  const where = (column: string) => ({ runId, column });

  const phases: PhaseTiming[] = db.all<unknown>(sql`SELECT phase, started_at, finished_at, requests, estimate_seconds
    FROM run_phases WHERE run_id = ${runId}`)
    .flatMap((raw) => {
      const parsed = PhaseRowSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn('a run phase row is damaged; left out of the run detail', { runId });
        return [];
      }
      const p = parsed.data;
      return [{ phase: p.phase, startedAt: p.started_at, finishedAt: p.finished_at, requests: p.requests, estimateSeconds: p.estimate_seconds }];
    })
    .sort((a, b) => RUN_PHASES.indexOf(a.phase) - RUN_PHASES.indexOf(b.phase));

  return {
    ...toRunSummary(record, logger),
    mapping: readJsonColumn(extra.mapping_json, MappingSchema, where('mapping_json'), logger),
    audience: readJsonColumn(extra.audience_json, AudienceCountsSchema, where('audience_json'), logger),
    estimate: readJsonColumn(extra.plan_json, PlanEstimateSchema, where('plan_json'), logger),
    phases,
    rowsPurged: extra.rows_purged !== 0,
  };
}
