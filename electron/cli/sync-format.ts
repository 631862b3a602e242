/** How `plan`, `sync`, `credentials` and `lists` print (pure). */
import type { Credential, CredentialCheck } from '../../shared/credentials';
import type { ListsOverview } from '../../shared/api';
import type { Plan, PersonRef, RunPhase, RunProgress, RunSummary, TaskProgress } from '../../shared/sync';
import { formatCount, formatDuration, formatInstant, formatPercent, renderTable } from './text-table';

function who(person: PersonRef): string {
  return person.email ?? person.phone ?? person.externalId ?? person.profileId ?? '?';
}

function examples(people: readonly PersonRef[]): string {
  if (people.length === 0) return '';
  const shown = people.slice(0, 3).map(who).join(', ');
  return `e.g. ${shown}${people.length > 3 ? ', …' : ''}`;
}

export function renderPlan(plan: Plan, fileName: string): string {
  const lines: string[] = [];
  const list = plan.list;
  const where = list.exists
    ? `"${list.name}" (list ${list.id ?? '?'}, ${formatCount(list.memberCount)} members${plan.memberSource === 'snapshot' ? ', from the last sync\'s snapshot: Klaviyo confirmed it is current' : ''})`
    : `a new list "${list.name}" (created when the sync starts)`;
  lines.push(`Plan: ${fileName} → ${where}`);
  lines.push(`  ${plan.mode === 'mirror' ? 'Mirror: members who are not in the file are removed' : 'Add: people in the file are added; nobody is removed'}; `
    + `${plan.content === 'full' ? 'full profiles (mapped fields and properties are written)' : 'identifiers only'}.`);
  const a = plan.audience;
  lines.push(`  The file: ${formatCount(a.records)} records, ${formatCount(a.accepted)} accepted, ${formatCount(a.rejected)} rejected, `
    + `${formatCount(a.duplicates)} duplicates${a.blank > 0 ? `, ${formatCount(a.blank)} blank` : ''}.`);
  lines.push('');
  const c = plan.counts;
  const removeNote = plan.mode === 'mirror' && list.memberCount > 0 && c.remove > 0 ? `${formatPercent(plan.massRemoval.removeShare)} of the list; ` : '';
  lines.push(renderTable([{ header: 'What happens' }, { header: 'People', align: 'right' }, { header: 'For example', max: 80 }], [
    ['add to the list', formatCount(c.add), examples(plan.samples.add)],
    ['update', formatCount(c.update), examples(plan.samples.update)],
    ['remove from the list', formatCount(c.remove), removeNote + examples(plan.samples.remove)],
    ['already there, unchanged', formatCount(c.unchanged), examples(plan.samples.unchanged)],
    ['rejected lines', formatCount(c.rejected), plan.samples.rejected.slice(0, 2).map((r) => `line ${r.line}: ${r.message}`).join('; ')],
    ['duplicate lines (merged)', formatCount(c.duplicates), ''],
  ]));
  lines.push('');
  lines.push(`Estimated time: ${formatDuration(plan.estimate.seconds)}`);
  for (const phase of plan.estimate.phases.filter((p) => p.requests > 0 || p.seconds > 0)) {
    lines.push(`  ${phase.phase.replace('_', ' ')}: ${formatDuration(phase.seconds)} (${phase.basis})`);
  }
  if (plan.listCaps) {
    lines.push(`Lists and segments in the account: ${formatCount(plan.listCaps.listsAndSegments)} of ${formatCount(plan.listCaps.cap)}; `
      + `lists created in the last 24 h: ${formatCount(plan.listCaps.createdToday)} of ${formatCount(plan.listCaps.dailyCap)}.`);
  }
  if (plan.massRemoval.confirmationRequired) {
    lines.push('', `⚠ This removes ${formatCount(c.remove)} people, ${formatPercent(plan.massRemoval.removeShare)} of "${list.name}": starting it needs an explicit confirmation.`);
  }
  for (const warning of plan.warnings) lines.push(`⚠ ${warning}`);
  return lines.join('\n');
}

const PHASE_WORDS: Record<RunProgress['phase'], string> = {
  prepare: 'Preparing', read_members: 'Reading members', create_list: 'Creating the list', import: 'Importing',
  remove: 'Removing', finalize: 'Finishing',
};

export function phaseLabel(phase: RunPhase): string {
  return PHASE_WORDS[phase];
}

const TASK_WORDS: Record<TaskProgress['stage'], string> = {
  reading: 'Reading the file', writing: 'Writing', reading_members: 'Reading the list\'s members', planning: 'Comparing',
};

export function taskLabel(progress: TaskProgress): string {
  return TASK_WORDS[progress.stage];
}

/**
 * How far a task's stage is: "55,928/55,928 bytes (643 rows)". A stage of unknown size that counts
 * nothing of its own (comparing) says how many rows it works on.
 */
export function taskCount(p: TaskProgress): string {
  if (p.total === null && p.done === 0) return `${formatCount(p.rows)} rows`;
  const of = p.total !== null ? `/${formatCount(p.total)}` : '';
  const rows = p.unit === 'bytes' && p.rows > 0 ? ` (${formatCount(p.rows)} rows)` : '';
  return `${formatCount(p.done)}${of} ${p.unit}${rows}`;
}

/** A progress line for logs (no terminal): "Importing 12,000/40,000 (30%), 800/s, about 35 s left". */
export function renderProgressLine(progress: RunProgress): string {
  if (progress.total === 0) return `${PHASE_WORDS[progress.phase]}…`;
  const share = progress.total > 0 ? ` (${formatPercent(progress.done / progress.total)})` : '';
  const eta = progress.etaSeconds !== null ? `, about ${formatDuration(progress.etaSeconds)} left` : '';
  return `${PHASE_WORDS[progress.phase]} ${formatCount(progress.done)}/${formatCount(progress.total)}${share}, `
    + `${formatCount(Math.round(progress.ratePerSecond))}/s${eta}`;
}

/** The closing lines of a sync or resume. */
export function renderRunOutcome(run: RunSummary): string {
  const c = run.counts;
  const listName = run.list?.name ?? 'the list';
  switch (run.status) {
    case 'completed':
      return `Done in ${formatDuration(run.actualSeconds)}: "${listName}" got ${formatCount(c.added)} added, ${formatCount(c.updated)} updated, `
        + `${formatCount(c.removed)} removed; ${formatCount(c.unchanged)} unchanged, ${formatCount(c.rejected)} rejected, `
        + `${formatCount(c.duplicates)} duplicates${c.failed > 0 ? `, ${formatCount(c.failed)} refused by Klaviyo (see \`klaviyo-sync history ${run.id} --rows failed\`)` : ''}.`;
    case 'paused':
      return `Paused with ${formatCount(c.pending)} still to send. Resume it with \`klaviyo-sync resume ${run.id}\`.`;
    case 'cancelled':
      return c.pending > 0
        ? `Cancelled: ${formatCount(c.pending)} lines were not sent. What was sent stays in Klaviyo (nothing is rolled back).`
        : 'Cancelled, but every line had already been sent: the list is as the sync left it.';
    case 'failed':
      return `The sync failed${run.lastError ? `: ${run.lastError.message}` : '.'}`;
    case 'interrupted':
      return `The sync was interrupted. Resume it with \`klaviyo-sync resume ${run.id}\`.`;
    default:
      return `The sync is ${run.status}.`;
  }
}

export function renderCredentials(credentials: readonly Credential[]): string {
  if (credentials.length === 0) return 'No saved credentials. Add one with `klaviyo-sync credentials add <name>`.';
  return renderTable([
    { header: 'Name', max: 30 }, { header: 'Account', max: 30 }, { header: 'Key' }, { header: 'Added' }, { header: 'Last checked' }, { header: 'Missing scopes' },
  ], credentials.map((c) => [
    c.name, `${c.accountName} (${c.accountId})`, c.maskedKey, formatInstant(c.createdAt), formatInstant(c.lastCheckedAt), c.missingScopes.join(', '),
  ]));
}

export function renderCredentialCheck(name: string, check: CredentialCheck): string {
  if (check.missingScopes.length === 0) return `"${name}" works: account ${check.accountName} (${check.accountId}), every scope a sync needs.`;
  return `"${name}" reaches account ${check.accountName} (${check.accountId}) but lacks these scopes: ${check.missingScopes.join(', ')}. `
    + 'Edit the key in Klaviyo (Settings › API keys) to add them.';
}

export function renderLists(overview: ListsOverview): string {
  const table = overview.lists.length === 0 ? 'No lists match.' : renderTable([
    { header: 'Id' }, { header: 'Name', max: 48 }, { header: 'Created' }, { header: 'Updated' },
  ], overview.lists.map((l) => [l.id, l.name, formatInstant(l.created), formatInstant(l.updated)]));
  return `${table}\nThe account has ${formatCount(overview.listCount)} lists and ${formatCount(overview.segmentCount)} segments `
    + `(Klaviyo allows ${formatCount(overview.cap)} in all).`;
}
