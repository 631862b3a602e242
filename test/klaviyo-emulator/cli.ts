/**
 * npm run emulator -- --port 8787 --api-key pk_test_local
 *
 * Prints exactly one line on stdout when ready (`Klaviyo emulator listening on http://…`);
 * everything else goes to stderr. Stops on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parseApiKey, parseSeedFile } from './cli-options';
import { startEmulator } from './index';
import type { ApiKeyOption } from './types';

function number(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${name} must be a number >= ${min}`);
    return n;
  };
}

function collectKey(value: string, previous: ApiKeyOption[]): ApiKeyOption[] {
  try {
    return [...previous, parseApiKey(value)];
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

interface CliOptions {
  port: number;
  host: string;
  apiKey: ApiKeyOption[];
  timeScale: number;
  jobSpeed: number;
  queueDelay: number;
  latency: number;
  seed?: string;
  strict: boolean;
  linkBase?: string;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('klaviyo-emulator')
    .description('A local stand-in for Klaviyo\'s REST API (revision 2026-07-15).')
    .option('--port <n>', 'port to listen on (0: any free port)', number('--port', 0), 8787)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--api-key <KEY[=scope,scope…][@account]>', 'an accepted private key (repeatable); no scopes = all scopes; keys with the same @account share one account', collectKey, [])
    .option('--time-scale <n>', 'rate-limit windows and job queue delays run N× faster', number('--time-scale', 0.000001), 1)
    .option('--job-speed <n>', 'profiles each bulk import job processes per second', number('--job-speed', 0.000001), 2000)
    .option('--queue-delay <ms>', 'how long a job stays queued (emulated ms)', number('--queue-delay', 0), 500)
    .option('--latency <ms>', 'delay added before every response', number('--latency', 0), 0)
    .option('--seed <file.json>', 'lists, members, segments and profiles to create at start-up')
    .option('--link-base <origin>', 'origin of links.* URLs (default https://a.klaviyo.com, as Klaviyo)')
    .option('--no-strict', 'do not check requests against the OpenAPI spec');
  program.parse();
  const options = program.opts<CliOptions>();
  const apiKeys = options.apiKey.length > 0 ? options.apiKey : [{ key: 'pk_test_local' }];
  if (options.apiKey.length === 0) process.stderr.write('No --api-key given: accepting pk_test_local.\n');

  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    apiKeys,
    timeScale: options.timeScale,
    jobSpeed: options.jobSpeed,
    queueDelayMs: options.queueDelay,
    latencyMs: options.latency,
    strict: options.strict,
    ...(options.linkBase ? { linkBase: options.linkBase } : {}),
  });
  if (options.seed) {
    const seeds = parseSeedFile(JSON.parse(readFileSync(options.seed, 'utf8')));
    for (const input of seeds) {
      const result = emulator.control.seed(input);
      process.stderr.write(`Seeded account ${result.accountId}: ${result.lists.length} list(s), ${result.segments.length} segment(s), ${result.profiles.length} profile(s).\n`);
    }
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Klaviyo emulator listening on ${emulator.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`klaviyo-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
