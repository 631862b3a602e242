/**
 * The `klaviyo-sync` command line (bin/klaviyo-sync.js runs the bundle of this file). Exit codes are
 * documented in cli/exit-codes.ts.
 */
import packageJson from '../package.json';
import { EXIT_UNEXPECTED } from './cli/exit-codes';
import { runProgram } from './cli/program';

try {
  process.exitCode = await runProgram(process.argv.slice(2), { version: packageJson.version });
} catch (error) {
  process.stderr.write(`✖ Something went wrong: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_UNEXPECTED;
}
