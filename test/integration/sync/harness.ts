/**
 * One sync world per test: a Klaviyo emulator on a free port (strict mode), a real SQLite history in a
 * temporary folder, and the engine wired as the app wires it, with the key passed the way the command
 * line passes KLAVIYO_API_KEY. Nothing is shared between tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions, type StateList } from '../../klaviyo-emulator/index';
import { createKlaviyoClient, type KlaviyoClient } from '../../../electron/core/klaviyo/index';
import { createEventHub, type EventHub } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log';
import { openDatabase } from '../../../electron/core/store/open-database';
import type { Store } from '../../../electron/core/store/store';
import { createTaskRegistry, type TaskRegistry } from '../../../electron/core/tasks';
import { createSyncEngine, type SyncEngine, type SyncOptions } from '../../../electron/core/sync/index';
import type { Mapping } from '../../../shared/mapping';
import type { Plan, PlanRequest, RunSummary } from '../../../shared/sync';
import type { EventName, EventPayload } from '../../../shared/api';

export const TIME_SCALE = 50;

export function newKey(): string {
  return `pk_test_${randomBytes(12).toString('hex')}`;
}

export const EMAIL_MAPPING: Mapping = { columns: [{ index: 0, header: 'email', target: { kind: 'email' } }], defaultRegion: 'US' };

export interface SyncWorld {
  dir: string;
  emulator: Emulator;
  store: Store;
  events: EventHub;
  tasks: TaskRegistry;
  engine: SyncEngine;
  /** The key the engine uses now (what KLAVIYO_API_KEY holds). */
  key: string;
  setKey(key: string): void;
  client(): KlaviyoClient;
  logLines: string[];
  /** Writes a CSV in the test's folder and returns its path. */
  csv(name: string, lines: readonly string[]): string;
  plan(request: Partial<PlanRequest> & Pick<PlanRequest, 'path' | 'list'>): Promise<Plan>;
  /** Starts a planned run and waits until this process stops executing it. */
  run(runId: string, confirmMassRemoval?: boolean): Promise<RunSummary>;
  list(id: string): StateList;
  /** Every event of a kind the engine emitted, in order. */
  seen<E extends EventName>(event: E): Array<EventPayload<E>>;
  /** Opens another engine on the same history (what a second app window or the command line would be). */
  reopen(options?: SyncOptions): SyncEngine;
}

let taskCounter = 0;

export async function createSyncWorld(input: {
  emulator?: EmulatorOptions;
  sync?: SyncOptions;
  account?: { id: string; name: string };
} = {}): Promise<SyncWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'audience-sync-run-'));
  const account = input.account ?? { id: 'ACC1', name: 'Test Shop' };
  let key = newKey();
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    jobSpeed: 1000 * TIME_SCALE,
    queueDelayMs: 500,
    strict: true,
    apiKeys: [{ key, account }],
    ...input.emulator,
  });
  const timeScale = input.emulator?.timeScale ?? TIME_SCALE;
  const store = openDatabase({ dataDir: dir });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const events = createEventHub();
  const recorded = new Map<EventName, unknown[]>();
  for (const name of ['runProgress', 'runStatus', 'taskProgress', 'alertsChanged'] as const) {
    events.on(name, (payload) => recorded.set(name, [...(recorded.get(name) ?? []), payload]));
  }
  const createClient = (apiKey: string) => createKlaviyoClient({
    apiKey, baseUrl: emulator.url, timeScale, logger, backoff: { baseMs: 200, capMs: 2000 },
  });
  const tasks = createTaskRegistry();
  const makeEngine = (options?: SyncOptions) => createSyncEngine({
    store, events, tasks, logger,
    credentials: {
      getApiKey: async () => key,
      resolve: () => {
        throw new Error('these tests use the environment key');
      },
      environmentKey: () => ({ maskedKey: 'pk_…test' }),
      list: async () => [],
    },
    createClient,
    options: { jobThroughput: 1000, heartbeatMs: 200, pauseGraceMs: 1000, ...input.sync, ...options },
  });
  const engine = makeEngine();
  const engines = [engine];
  onTestFinished(async () => {
    for (const e of engines) await e.shutdown();
    await emulator.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    dir, emulator, store, events, tasks, engine, logLines,
    get key() {
      return key;
    },
    setKey(next) {
      key = next;
    },
    client: () => createClient(key),
    csv(name, lines) {
      const path = join(dir, name);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
    plan: (request) => engine.handlers.planSync({
      taskId: `plan-${++taskCounter}`, mapping: EMAIL_MAPPING, mode: 'add', content: 'identifiers', ...request,
    } as PlanRequest),
    async run(runId, confirmMassRemoval = false) {
      await engine.handlers.startRun({ runId, confirmMassRemoval });
      return engine.waitForRun(runId);
    },
    list(id) {
      const list = emulator.control.state({ members: true }).accounts[0]?.lists.find((l) => l.id === id);
      if (!list) throw new Error(`no list ${id} in the emulator`);
      return list;
    },
    seen: <E extends EventName>(event: E) => (recorded.get(event) ?? []) as Array<EventPayload<E>>,
    reopen(options) {
      const other = makeEngine(options);
      engines.push(other);
      return other;
    },
  };
}

/** Emails of a list's members, sorted. */
export function emailsOf(list: StateList): string[] {
  return list.members.map((m) => m.email ?? '').sort();
}

/** `prefix-0@example.com` … for `count` people. */
export function people(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${from + i}@example.com`);
}

/** Waits until `check` holds (events arrive asynchronously), failing after `ms`. */
export async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
