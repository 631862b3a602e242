/**
 * The `klaviyo-sync` command line (bin/klaviyo-sync.js runs the bundle of this file). Exit codes are
 * documented in cli/exit-codes.ts.
 */
import packageJson from '../package.json';
import { EXIT_UNEXPECTED } from './cli/exit-codes';
import { runProgram } from './cli/program';

// On a terminal the progress bar and the closing message say what matters, and a warning (a retried
// request, say) would break into the bar: only errors are logged there unless AUDIENCE_SYNC_LOG says
// otherwise. Set before any work starts, so worker threads inherit it too.
if (process.stderr.isTTY && process.env.AUDIENCE_SYNC_LOG === undefined) process.env.AUDIENCE_SYNC_LOG = 'error';

try {
  process.exitCode = await runProgram(process.argv.slice(2), { version: packageJson.version });
} catch (error) {
  process.stderr.write(`✖ Something went wrong: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_UNEXPECTED;
}
