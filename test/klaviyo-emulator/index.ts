/**
 * A local stand-in for Klaviyo's REST API (revision 2026-07-15), for tests, benchmarks and demos.
 *
 *   const emulator = await startEmulator({ apiKeys: [{ key: 'pk_test_local' }] });
 *   // … point the client at emulator.url …
 *   await emulator.close();
 *
 * See README.md beside this file for the behaviour, the choices made where Klaviyo's is not
 * public, and the control surface.
 */
import { EmulatorCore } from './core';
import { startServer } from './server';
import type { Emulator, EmulatorOptions } from './types';

export type {
  ApiKeyOption, BucketStatsView, DropOptions, Emulator, EmulatorControl, EmulatorOptions, FailOptions, FailStatus,
  FaultMatch, ProfileSeed, SeedInput, SeedResult, StateAccount, StateDocument, StateList, StateMember, StatsView,
} from './types';
export { LIST_CAP } from './errors';
export { MAX_BODY_BYTES } from './server';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = new EmulatorCore(options);
  const host = options.host ?? '127.0.0.1';
  const running = await startServer(core, options.port ?? 0, host);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${running.port}`,
    port: running.port,
    control: core.control(),
    close: () => running.close(),
  };
}
