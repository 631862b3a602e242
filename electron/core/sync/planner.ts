/**
 * planSync: a dry run. Stages the file into run_rows while the list's members are read into
 * run_members (the two overlap: local CPU against network), matches them, decides every row's action,
 * and estimates the run. Nothing that changes Klaviyo is sent. A plan that fails or is cancelled
 * leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import { mappingProblems } from '../../../shared/mapping';
import type { Plan, PlanRequest, PersonRef, TaskProgress } from '../../../shared/sync';
import { prepareAudience } from '../audience/prepare';
import type { PrepareResult } from '../audience/types';
import type { KlaviyoClient } from '../klaviyo/index';
import type { SampleRow } from '../store/runs-diff';
import type { EngineContext } from './engine-context';
import { estimateRun, refineJobThroughput, DEFAULT_JOB_THROUGHPUT } from './estimate';
import { loadMembers } from './member-source';
import { createPlanMatcher } from './plan-matcher';
import { resolvePlaceholderRemovals } from './placeholder-removals';
import { resolveList, type ResolvedList } from './resolve-list';
import { contentKeysOf } from './row-profile';
import { createStageSink } from './stage-sink';

export interface RunOptionsRecord {
  list: PlanRequest['list'];
  timeScale: number;
  willCreate: boolean;
  memberSource: Plan['memberSource'];
  /** The processing speed the estimate assumed (profiles per nominal second per job): the poller uses it too. */
  jobThroughput?: number;
  /** Set when the list was recreated after being deleted mid-run: the members read when planning are gone. */
  recreated?: boolean;
}

interface Who {
  credentialId: string | null;
  credentialName: string;
  accountId: string | null;
  accountName: string | null;
}

async function identify(ctx: EngineContext, credentialId: string | undefined, client: KlaviyoClient, signal: AbortSignal): Promise<Who> {
  let id = credentialId;
  if (id === undefined && ctx.deps.credentials.environmentKey() === null) {
    // No KLAVIYO_API_KEY: getApiKey() used the only saved credential.
    const saved = await ctx.deps.credentials.list();
    if (saved.length === 1 && saved[0]) id = saved[0].id;
  }
  if (id !== undefined) {
    const credential = ctx.deps.credentials.resolve(id);
    return { credentialId: credential.id, credentialName: credential.name, accountId: credential.accountId, accountName: credential.accountName };
  }
  try {
    const account = await client.getAccount({ signal });
    return { credentialId: null, credentialName: 'KLAVIYO_API_KEY', accountId: account.id, accountName: account.name };
  } catch (error) {
    // Without accounts:read the run still works; it just can't name the account.
    if (AppError.is(error, 'MISSING_SCOPE')) return { credentialId: null, credentialName: 'KLAVIYO_API_KEY', accountId: null, accountName: null };
    throw error;
  }
}

function toPerson(row: SampleRow): PersonRef {
  return { line: row.line, email: row.email, phone: row.phone, externalId: row.external_id, profileId: row.profile_id?.startsWith('~') ? null : row.profile_id };
}

function isLoopback(baseUrl: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

export async function planSync(ctx: EngineContext, req: PlanRequest, signal: AbortSignal): Promise<Plan> {
  const problems = mappingProblems(req.mapping);
  if (problems.length > 0) throw new AppError({ code: 'INVALID_MAPPING', message: problems.join(' ') });
  const { repos } = ctx;
  const apiKey = await ctx.deps.credentials.getApiKey(req.credentialId);
  const client = ctx.deps.createClient(apiKey);
  const who = await identify(ctx, req.credentialId, client, signal);
  const runId = randomUUID();
  const createdAt = ctx.now().toISOString();
  repos.runs.insert({
    id: runId, createdAt, ...who,
    listId: 'id' in req.list ? req.list.id : null,
    listName: 'name' in req.list ? req.list.name.trim() : null,
    filePath: req.path, fileName: basename(req.path), mode: req.mode, content: req.content,
    mappingJson: JSON.stringify(req.mapping), optionsJson: JSON.stringify({ list: req.list }), ownerPid: process.pid,
  });
  ctx.planning.add(runId);
  // Other processes judge an unfinished plan by this heartbeat (see sweep in sync-engine.ts).
  const heartbeat = setInterval(() => {
    try {
      repos.runs.touch(runId, process.pid, ctx.now().toISOString());
    } catch (error) {
      ctx.logger.warn('plan heartbeat failed', { runId, error });
    }
  }, ctx.options.heartbeatMs);
  heartbeat.unref?.();
  const progress = createTaskProgress(ctx, req.taskId);
  // Staging gets its own stop, so a failure on the Klaviyo side ends the file pass too.
  const staging = new AbortController();
  const stagingSignal = AbortSignal.any([signal, staging.signal]);
  try {
    const full = req.content === 'full';
    const contentKeys = full ? contentKeysOf(req.mapping) : null;
    const matcher = createPlanMatcher(repos.diff, runId, full);
    const emailColumn = req.mapping.columns.find((c) => c.target.kind === 'email')?.index ?? null;
    const sink = createStageSink({ store: repos.store, rows: repos.rows, diff: repos.diff, matcher, runId, full, emailColumn });
    // Reading a big list is what Klaviyo's limits make slow; staging is local work that fits in its gaps.
    // For a list read over several minute-long windows, the file is staged once the first window's budget
    // is spent, so the two never compete for this thread while requests could be going out; a smaller list
    // is read and staged side by side.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { openGate = resolve; });
    let stageSeconds = 0;
    const prepared: Promise<PrepareResult> = gate.then(async () => {
      const started = performance.now();
      const result = await prepareAudience({
        path: req.path, mapping: req.mapping, signal: stagingSignal, sink,
        onProgress: (p) => progress({ stage: 'reading', done: p.bytesRead, total: p.totalBytes, unit: 'bytes', rows: p.rows }),
      });
      stageSeconds = (performance.now() - started) / 1000;
      return result;
    });
    prepared.catch(() => undefined);
    const steady = client.limiter.limits('get_profiles_for_list').steady;
    let membersRead = 0;

    let list: ResolvedList;
    let memberSource: Plan['memberSource'] = 'none';
    let memberNote: string | null = null;
    let roundTripSeconds: number | null = null;
    let readSeconds = 0;
    try {
      list = await resolveList({ client, target: req.list, accountId: who.accountId, snapshots: repos.snapshots, now: ctx.now(), signal });
      if (list.id === null || list.profileCount <= steady * 100) openGate();
      if (list.id !== null) {
        const started = performance.now();
        const total = list.profileCount;
        const members = await loadMembers({
          client, repos, runId, listId: list.id, profileCount: list.profileCount, contentKeys,
          readers: ctx.options.memberReaders, signal,
          onProgress: (n) => {
            membersRead = n;
            if (membersRead >= steady * 100) openGate();
            progress({ stage: 'reading_members', done: n, total, unit: 'members', rows: n });
          },
        });
        readSeconds = (performance.now() - started) / 1000;
        memberSource = members.source;
        memberNote = members.note;
        roundTripSeconds = members.roundTripSeconds;
      }
    } catch (error) {
      staging.abort(error);
      openGate();
      await prepared.catch(() => undefined);
      throw error;
    }
    openGate();
    const audience = await prepared;

    progress({ stage: 'planning', done: 0, total: null, unit: 'rows', rows: audience.counts.records }, true);
    const diffStarted = performance.now();
    repos.diff.finish(runId, { mirror: req.mode === 'mirror', compareContent: full });
    if (list.id !== null && req.mode === 'mirror' && memberSource === 'snapshot') {
      const resolved = await resolvePlaceholderRemovals({ client, repos, runId, listId: list.id, signal });
      if (!resolved) {
        // Someone the plan would remove can't be found on the list by email or phone: read the list after all.
        repos.diff.reset(runId);
        // Every row is staged by now: the diff's bulk pass matches them to the members read again.
        await loadMembers({
          client, repos, runId, listId: list.id, profileCount: -1, contentKeys, readers: ctx.options.memberReaders, signal,
          onProgress: (n) => progress({ stage: 'reading_members', done: n, total: list.profileCount, unit: 'members', rows: n }),
        });
        repos.diff.finish(runId, { mirror: true, compareContent: full });
        memberSource = 'klaviyo';
        memberNote = 'Some people the last sync added could not be found on the list by email or phone, so all its members were read again.';
      }
    }
    const diffSeconds = (performance.now() - diffStarted) / 1000;

    // The counts read every row of the run: timing that read calibrates the estimate's local work to this
    // machine as it is now (its speed, and how busy it is).
    const scanStarted = performance.now();
    const planned = repos.rows.countsByPlan(runId);
    const scanSecondsPerRow = (performance.now() - scanStarted) / 1000 / Math.max(1, Object.values(planned).reduce((a, b) => a + b, 0));
    const counts = {
      add: planned.add ?? 0, update: planned.update ?? 0, remove: planned.remove ?? 0, unchanged: planned.unchanged ?? 0,
      rejected: audience.counts.rejected, duplicates: audience.counts.duplicates,
    };
    const memberCount = list.id === null ? 0 : repos.members.count(runId);
    // A sample query for an empty category would read every row to find nothing.
    const sample = (kind: 'add' | 'update' | 'remove' | 'unchanged') => (counts[kind] > 0 ? repos.diff.samples(runId, kind, 10).map(toPerson) : []);
    const samples = { add: sample('add'), update: sample('update'), remove: sample('remove'), unchanged: sample('unchanged'), rejected: sink.rejectedSamples };

    // Identifiers only: about 90 bytes a profile, no need to read the rows for it.
    const volume = full ? repos.rows.importVolume(runId) : { rows: counts.add + counts.update, bytes: (counts.add + counts.update) * 90 };
    const throughput = ctx.options.jobThroughput > 0
      ? ctx.options.jobThroughput
      : who.accountId ? refineJobThroughput(repos.batches.recentJobTimings(who.accountId, 50), ctx.options.jobOverheadSeconds) : DEFAULT_JOB_THROUGHPUT;
    const estimate = estimateRun({
      createList: list.willCreate,
      importRows: volume.rows,
      importBytes: volume.bytes,
      removeRows: counts.remove,
      snapshotRows: memberCount + counts.add,
      estimateSeconds: (op, n) => client.estimateSeconds(op, n),
      timeScale: client.timeScale,
      jobThroughput: throughput,
      jobOverheadSeconds: ctx.options.jobOverheadSeconds,
      // Measured on the list's own pages when it was read; otherwise a guess by where Klaviyo is.
      latencySeconds: roundTripSeconds ?? (isLoopback(client.baseUrl) ? 0.003 : 0.25),
      fileBytes: audience.sizeBytes,
      runRows: counts.unchanged + counts.rejected + counts.duplicates,
      secondsPerWorkUnit: Math.min(5e-6, Math.max(0.05e-6, scanSecondsPerRow)),
      importBatchProfiles: ctx.options.importBatchProfiles,
      removeBatchIds: ctx.options.removeBatchIds,
    });

    const warnings: string[] = [...list.warnings];
    if (audience.encodingNote) warnings.push(audience.encodingNote);
    if (memberNote) warnings.push(memberNote);
    if (full) {
      warnings.push(memberSource === 'snapshot'
        ? 'Full profile: the members came from the last sync’s snapshot, which does not hold their fields, so everyone matched is updated.'
        : 'Full profile: a matched member is left unchanged only when Klaviyo already holds the same value for every mapped field and property; an empty cell never clears a value in Klaviyo.');
    }
    if (counts.rejected > 0) warnings.push(`${counts.rejected.toLocaleString('en-US')} line(s) of the file can't be sent and are left out (see the rejected lines).`);
    const removeShare = memberCount > 0 ? counts.remove / memberCount : 0;

    const plan: Plan = {
      runId,
      createdAt,
      list: { id: list.id, name: list.name, exists: list.exists, willCreate: list.willCreate, memberCount },
      mode: req.mode,
      content: req.content,
      audience: audience.counts,
      counts,
      samples,
      estimate,
      massRemoval: { confirmationRequired: req.mode === 'mirror' && counts.remove > memberCount / 2 && counts.remove > 0, removeShare },
      listCaps: list.listCaps,
      memberSource,
      warnings,
    };
    const options: RunOptionsRecord = { list: req.list, timeScale: client.timeScale, willCreate: list.willCreate, memberSource, jobThroughput: throughput };
    repos.store.transaction(() => {
      repos.runs.setPlanned(runId, {
        fileSize: audience.sizeBytes, fileSha256: audience.sha256, listId: list.id, listName: list.name,
        listSizeBefore: list.id === null ? null : list.profileCount, audienceJson: JSON.stringify(audience.counts),
        planJson: JSON.stringify(plan), estimateSeconds: estimate.seconds,
      });
      repos.runs.setOptions(runId, JSON.stringify(options));
      repos.runs.refreshCounts(runId);
      repos.phases.finish(runId, 'prepare', createdAt, 0);
      if (list.id !== null) repos.phases.finish(runId, 'read_members', ctx.now().toISOString(), Math.ceil(memberCount / 100));
      for (const phase of estimate.phases) repos.phases.setEstimate(runId, phase.phase, phase.seconds, phase.requests);
    });
    ctx.logger.info('planned a sync', { runId, readSeconds, stageSeconds, diffSeconds, scanSecondsPerRow, ...counts, memberSource });
    return plan;
  } catch (error) {
    repos.runs.delete(runId);
    throw error;
  } finally {
    clearInterval(heartbeat);
    ctx.planning.delete(runId);
  }
}

type ProgressFields = Omit<TaskProgress, 'taskId'>;

/** taskProgress events for one plan, at most about 8 a second per stage. */
function createTaskProgress(ctx: EngineContext, taskId: string): (fields: ProgressFields, force?: boolean) => void {
  const last = new Map<string, number>();
  return (fields, force = false) => {
    const now = performance.now();
    if (!force && now - (last.get(fields.stage) ?? -Infinity) < 125) return;
    last.set(fields.stage, now);
    ctx.deps.events.emit('taskProgress', { taskId, ...fields });
  };
}
