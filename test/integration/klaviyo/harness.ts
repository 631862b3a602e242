/** Starts an emulator per test and makes clients for it: every test has its own server, port and keys. */
import { randomBytes } from 'node:crypto';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../klaviyo-emulator/index';
import { createKlaviyoClient, type KlaviyoClient, type KlaviyoClientOptions } from '../../../electron/core/klaviyo/index';
import { createLogger } from '../../../electron/core/log';

export const TIME_SCALE = 30;

/** A fresh private-key-looking string (never a real key). */
export function newKey(): string {
  return `pk_test_${randomBytes(12).toString('hex')}`;
}

export interface Harness {
  emulator: Emulator;
  key: string;
  client(options?: Partial<KlaviyoClientOptions>): KlaviyoClient;
  /** Log lines every client of this harness wrote (to check the key never appears). */
  logLines: string[];
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions & { scopes?: string[] } = {}): Promise<Harness> {
  const key = newKey();
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    jobSpeed: 20_000,
    queueDelayMs: 200,
    strict: true,
    ...options,
    apiKeys: options.apiKeys ?? [{ key, account: { id: 'ACC1', name: 'Test Shop' }, ...(options.scopes ? { scopes: options.scopes } : {}) }],
  });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  return {
    emulator,
    key,
    logLines,
    client: (more = {}) => createKlaviyoClient({
      apiKey: key,
      baseUrl: emulator.url,
      timeScale: options.timeScale ?? TIME_SCALE,
      logger,
      backoff: { baseMs: 200, capMs: 5000 },
      ...more,
    }),
    close: () => emulator.close(),
  };
}

/** Runs `work` and returns what it threw (fails the test if it did not throw). */
export async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
