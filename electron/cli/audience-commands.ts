/**
 * `klaviyo-sync inspect <file>` and `klaviyo-sync export <file> --out <dir>`: through the AppApi, like
 * the window. Export shows a progress bar on a terminal and cancels cleanly on Ctrl-C (no files left).
 */
import { randomUUID } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { mappingProblems, type ColumnMapping, type Mapping, type Target } from '../../shared/mapping';
import { libphonenumber } from '../core/audience/libphonenumber';
import { renderExport, renderInspect } from './audience-format';
import { print, usageError, withApp, type App, type CommandContext } from './command-context';
import { EXIT_OK } from './exit-codes';
import { applyMapOptions, describeMapping } from './map-options';
import { createProgressView } from './progress-view';
import type { RunAction } from './sync-commands';

export interface ExportOptions {
  out: string;
  map?: string[];
  region?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function checkRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  const code = region.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !libphonenumber.isSupportedCountry(code)) {
    throw usageError(`--region "${region}" is not a country code we can read phone numbers for: use two letters such as US, GB or DE.`);
  }
  return code;
}

/** The target a column fills that only one column may fill (identifiers, fields, property names). */
function slot(target: Target): string | null {
  switch (target.kind) {
    case 'email': case 'phone': case 'externalId': case 'phoneCountry': return target.kind;
    case 'field': return `field:${target.field}`;
    case 'property': return `property:${target.name}`;
    case 'ignore': return null;
  }
}

/**
 * --map entries on top of the suggested mapping. What the person names wins: a suggested column that
 * would fill the same target is set to ignore (and said so), rather than failing on two Email columns.
 */
export function exportMapping(suggested: Mapping, headers: readonly string[], maps: readonly string[], region: string | undefined): { mapping: Mapping; notes: string[] } {
  const explicit = applyMapOptions({ columns: [], defaultRegion: suggested.defaultRegion }, headers, maps, region);
  const chosen = new Map(explicit.columns.map((c) => [c.index, c]));
  const taken = new Set(explicit.columns.map((c) => slot(c.target)).filter((s) => s !== null));
  const notes: string[] = [];
  const columns: ColumnMapping[] = suggested.columns.map((c) => {
    const mine = chosen.get(c.index);
    if (mine) return mine;
    const key = slot(c.target);
    if (key === null || !taken.has(key)) return c;
    notes.push(`"${c.header}" was suggested for the same target as one of your --map columns: it is ignored.`);
    return { ...c, target: { kind: 'ignore' } };
  });
  for (const c of explicit.columns) if (!columns.some((x) => x.index === c.index)) columns.push(c);
  return { mapping: { columns: columns.sort((a, b) => a.index - b.index), defaultRegion: region ?? suggested.defaultRegion }, notes };
}

/**
 * Inspects the file and maps it: the suggestion with the --map entries on top. A mapping without an
 * identifier stops here with the way to fix it; for a person, the notes and the mapping go to stderr.
 */
export async function mapFile(ctx: CommandContext, app: App, file: string, maps: readonly string[], region: string | undefined): Promise<{ path: string; mapping: Mapping }> {
  const path = resolvePath(file);
  const inspected = await app.inspectFile({ path });
  const { mapping, notes } = exportMapping(inspected.suggestedMapping, inspected.headers, maps, region);
  const problems = mappingProblems(mapping);
  if (problems.length > 0) {
    throw new AppError({
      code: 'INVALID_MAPPING',
      message: `${problems.join(' ')} Map the columns with --map "<column>=<target>" (\`klaviyo-sync inspect ${file}\` shows the columns).`,
    });
  }
  if (!ctx.json) ctx.stderr.write(`${[...notes, describeMapping(mapping)].join('\n')}\n`);
  return { path, mapping };
}

export async function inspectCommand(ctx: CommandContext, file: string): Promise<number> {
  return withApp(ctx, async (app) => {
    const result = await app.inspectFile({ path: resolvePath(file) });
    print(ctx, renderInspect(result), result);
    return EXIT_OK;
  });
}

export async function exportCommand(ctx: CommandContext, file: string, options: ExportOptions): Promise<number> {
  const region = checkRegion(options.region);
  const taskId = `cli-export-${randomUUID()}`;
  let app: App | null = null;
  let interrupts = 0;
  // Listening from the start: a Ctrl-C at any moment cancels (a second one quits at once).
  const onInterrupt = () => {
    if (++interrupts > 1) process.exit(130);
    void app?.cancelTask({ taskId });
  };
  process.on('SIGINT', onInterrupt);
  const cancelled = () => new AppError({ code: 'CANCELLED', message: 'Export cancelled: no files were written.' });
  try {
    return await withApp(ctx, async (opened) => {
      app = opened;
      const { path, mapping } = await mapFile(ctx, opened, file, options.map ?? [], region);
      if (interrupts > 0) throw cancelled();
      const progress = createProgressView(ctx.stderr.isTTY === true ? 'bars' : 'none', ctx);
      const off = opened.on('taskProgress', (p) => {
        if (p.taskId === taskId) progress.task(p);
      });
      try {
        const result = await opened.exportAudience({ taskId, path, mapping, outDir: resolvePath(options.out) });
        progress.stop();
        print(ctx, renderExport(result), result);
        return EXIT_OK;
      } finally {
        progress.stop();
        off();
      }
    });
  } catch (error) {
    if (AppError.is(error, 'CANCELLED')) throw cancelled();
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export function registerAudienceCommands(program: Command, run: RunAction): void {
  program.command('inspect <file>')
    .description('what a CSV file holds: encoding, separator, columns, and the suggested mapping')
    .option('--json', 'print JSON')
    .action((file: string, o: { json?: boolean }) => run(o.json === true, (ctx) => inspectCommand(ctx, file)));
  program.command('export <file>')
    .description('write the SFTP-ready CSV for Klaviyo\'s import, a report of rejected rows, and a summary')
    .requiredOption('--out <dir>', 'the folder for the three files (<name>.audience.csv, <name>.rejects.csv, <name>.summary.json)')
    .option('--map <column=target>', 'map a column (by header or number) to Email, PhoneNumber, ExternalID, PhoneCountry, a profile field, '
      + 'property:<name>[:number|boolean|date] or ignore; repeatable; the other columns keep their suggestion', collect)
    .option('--region <CC>', 'country for phone numbers written without a country code (default: the settings\' region, US)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nCtrl-C cancels the export and removes what was written; existing files with the same names are replaced only when it completes.')
    .action((file: string, o: ExportOptions & { json?: boolean }) => run(o.json === true, (ctx) => exportCommand(ctx, file, o)));
}
