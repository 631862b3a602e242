/** How `history` and `find` print runs, a run, its rows and a person's events (pure). */
import type { FindPersonResult, RowsPage, RunDetail, RunsPage } from '../../shared/history';
import type { Action } from '../../shared/errors';
import type { RowFate, RunSummary } from '../../shared/sync';
import { formatCount, formatDuration, formatInstant, renderTable, shortId } from './text-table';

const STATUS_WORDS: Record<RunSummary['status'], string> = {
  planned: 'planned', running: 'running', paused: 'paused', completed: 'completed', failed: 'failed',
  cancelled: 'cancelled', interrupted: 'interrupted',
};

export const FATE_WORDS: Record<RowFate, string> = {
  pending: 'pending', added: 'added', updated: 'updated', removed: 'removed', unchanged: 'unchanged',
  rejected: 'rejected', failed: 'failed', duplicate: 'duplicate',
};

function target(run: RunSummary): string {
  if (run.kind === 'export') return 'SFTP export';
  return run.list ? run.list.name : '–';
}

function changes(run: RunSummary): string {
  const c = run.counts;
  if (run.kind === 'export') return `${formatCount(c.total - c.rejected - c.duplicates)} kept`;
  const parts = [`+${formatCount(c.added)}`, `~${formatCount(c.updated)}`, `-${formatCount(c.removed)}`];
  if (c.rejected > 0) parts.push(`${formatCount(c.rejected)} rejected`);
  if (c.failed > 0) parts.push(`${formatCount(c.failed)} failed`);
  return parts.join(' ');
}

export function renderRunsPage(page: RunsPage): string {
  if (page.runs.length === 0) return 'No runs in the history yet.';
  const table = renderTable([
    { header: 'Run' }, { header: 'Started' }, { header: 'Status' }, { header: 'List', max: 28 }, { header: 'File', max: 28 },
    { header: 'Mode' }, { header: 'Changes' }, { header: 'Took', align: 'right' },
  ], page.runs.map((run) => [
    shortId(run.id), formatInstant(run.startedAt ?? run.createdAt), STATUS_WORDS[run.status] + (run.action ? ' ⚠' : ''), target(run),
    run.file.name, run.mode ?? '', changes(run), formatDuration(run.actualSeconds),
  ]));
  const more = page.total > page.runs.length ? `\n${formatCount(page.runs.length)} of ${formatCount(page.total)} runs (--limit for more).` : '';
  return `${table}${more}`;
}

export function renderAction(action: Action): string {
  return [`⚠ ${action.title}: ${action.message}`, ...action.steps.map((step, i) => `  ${i + 1}. ${step}`)].join('\n');
}

export function renderRunDetail(run: RunDetail): string {
  const lines: string[] = [];
  lines.push(`Run ${run.id}`);
  lines.push(`  ${run.kind === 'export' ? 'SFTP export' : `Sync to "${run.list?.name ?? '?'}"${run.list?.id ? ` (list ${run.list.id})` : ''}`}`
    + `${run.account ? ` in ${run.account.name}` : ''}${run.credential ? `, credential "${run.credential.name}"` : ''}`);
  lines.push(`  File: ${run.file.path} (${formatCount(run.file.sizeBytes)} bytes, sha256 ${run.file.sha256.slice(0, 12)}…)`);
  if (run.mode) lines.push(`  Mode: ${run.mode === 'mirror' ? 'mirror (members not in the file are removed)' : 'add'}, ${run.content === 'full' ? 'full profiles' : 'identifiers only'}`);
  lines.push(`  Status: ${STATUS_WORDS[run.status]}; planned ${formatInstant(run.createdAt)}, started ${formatInstant(run.startedAt)}, finished ${formatInstant(run.finishedAt)}`);
  lines.push(`  Took ${formatDuration(run.actualSeconds)} (estimated ${formatDuration(run.estimateSeconds)})`);
  const c = run.counts;
  lines.push('');
  lines.push(renderTable([{ header: 'Lines and members' }, { header: 'Count', align: 'right' }], [
    ['records in the file', formatCount(c.total)], ['added', formatCount(c.added)], ['updated', formatCount(c.updated)],
    ['removed', formatCount(c.removed)], ['unchanged', formatCount(c.unchanged)], ['rejected', formatCount(c.rejected)],
    ['duplicates', formatCount(c.duplicates)], ['failed', formatCount(c.failed)], ['pending', formatCount(c.pending)],
  ]));
  if (run.phases.length > 0) {
    lines.push('');
    lines.push(renderTable([
      { header: 'Phase' }, { header: 'Requests', align: 'right' }, { header: 'Estimated', align: 'right' }, { header: 'Took', align: 'right' },
    ], run.phases.map((p) => [
      p.phase.replace('_', ' '), formatCount(p.requests), formatDuration(p.estimateSeconds),
      formatDuration(p.startedAt && p.finishedAt ? (Date.parse(p.finishedAt) - Date.parse(p.startedAt)) / 1000 : null),
    ])));
  }
  if (run.mapping) {
    const mapped = run.mapping.columns.filter((m) => m.target.kind !== 'ignore')
      .map((m) => `${m.header} → ${m.target.kind === 'property' ? `property ${m.target.name}` : m.target.kind === 'field' ? m.target.field : m.target.kind}`);
    lines.push('', `Mapping (region ${run.mapping.defaultRegion}): ${mapped.join(', ')}`);
  }
  if (run.rowsPurged) lines.push('', 'The line-by-line detail of this run was cleared by the retention setting; the counts above remain.');
  if (run.action) lines.push('', renderAction(run.action));
  else if (run.lastError) lines.push('', `Last error: ${run.lastError.message}`);
  return lines.join('\n');
}

export function renderRowsPage(page: RowsPage, fate: RowFate | undefined, offset: number): string {
  if (page.rows.length === 0) return fate ? `No ${FATE_WORDS[fate]} lines in this run.` : 'No line detail for this run.';
  const table = renderTable([
    { header: 'Line', align: 'right' }, { header: 'Fate' }, { header: 'Email', max: 36 }, { header: 'Phone' },
    { header: 'External id', max: 20 }, { header: 'Why', max: 70 },
  ], page.rows.map((row) => [
    // A pending row says what the plan will do with it (a dry run, a paused sync).
    row.line === null ? 'list' : String(row.line), row.fate === 'pending' && row.planned ? `to ${row.planned}` : FATE_WORDS[row.fate], row.email ?? '', row.phone ?? '', row.externalId ?? '',
    row.fate === 'duplicate' && row.duplicateOf !== null ? `same person as line ${row.duplicateOf}${row.reason ? ` (${row.reason})` : ''}` : row.reason ?? '',
  ]));
  const shown = `${formatCount(offset + 1)}–${formatCount(offset + page.rows.length)} of ${formatCount(page.total)}`;
  return `${table}\n${shown}${fate ? ` ${FATE_WORDS[fate]}` : ''} lines.`;
}

export function renderPerson(result: FindPersonResult): string {
  const as = result.matchedAs === 'externalId' ? 'external id' : result.matchedAs;
  if (result.events.length === 0) return `Nothing in the history for ${as} "${result.query}".`;
  const table = renderTable([
    { header: 'When' }, { header: 'Run' }, { header: 'List', max: 28 }, { header: 'Fate' }, { header: 'Line', align: 'right' }, { header: 'Why', max: 60 },
  ], result.events.map((e) => [
    formatInstant(e.at), shortId(e.runId), e.listName ?? '–', FATE_WORDS[e.fate], e.line === null ? 'list' : String(e.line), e.reason ?? '',
  ]));
  return `${formatCount(result.events.length)} ${result.events.length === 1 ? 'event' : 'events'} for ${as} "${result.query}", newest first:\n${table}`;
}
