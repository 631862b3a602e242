/**
 * The one composition root: `createApp(config)` builds every service once and returns the AppApi that
 * the window (through IPC), the command line and the tests all use. Every call is validated against the
 * channel table (shared/api.ts) here, so in-process callers get the same checks as the renderer.
 */
import { channels, channelNames, type AppApi, type AppHandlers, type ChannelName } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { describeInvalidInput } from './dispatch';
import { createEventHub } from './events';
import { createHistoryService, createHistoryHandlers } from './history/index';
import { createKlaviyoClient, type KlaviyoClient } from './klaviyo/index';
import { createListHandlers } from './lists/index';
import { createLogger, type Logger } from './log';
import { createCredentialsService, createCredentialHandlers, createKeytarSecretStore, type SecretStore } from './secrets/index';
import { createSettingsHandlers, createSettingsRepo, openDatabase } from './store/index';
import { createSyncEngine, type SyncOptions } from './sync/index';
import { createTaskRegistry } from './tasks';
import { resolveKlaviyoBaseUrl } from './config';
import { createAudienceArea } from './audience-area';

export interface AppConfig {
  /** Where history.sqlite lives (Electron's userData, or the command line's AUDIENCE_SYNC_HOME). */
  dataDir: string;
  /** Klaviyo's API, or the emulator's URL; default KLAVIYO_BASE_URL or https://a.klaviyo.com. */
  klaviyoBaseUrl?: string;
  logger?: Logger;
  /** better-sqlite3's binding built for this runtime's ABI (Electron), when it is not Node's. */
  nativeBinding?: string;
  /** The command line's KLAVIYO_API_KEY: used when a call names no credential, never stored. */
  envApiKey?: string;
  /** The OS keychain by default. */
  secretStore?: SecretStore;
  /** Only against a time-scaled emulator (tests, benchmarks, the demo): its windows are N× shorter. */
  timeScale?: number;
  sync?: SyncOptions;
  /** Where retention sweeps run: a worker thread (default) or inline (tests). */
  retentionThread?: 'worker' | 'inline';
  version?: string;
}

export type App = AppApi & {
  /** Pauses running syncs (they checkpoint), cancels tasks, closes the database. */
  close(): Promise<void>;
  /** The Klaviyo API this app talks to (the emulator's URL in tests and the demo). */
  readonly baseUrl: string;
};

export function createApp(config: AppConfig): App {
  const logger = config.logger ?? createLogger({ scope: 'app' });
  const baseUrl = config.klaviyoBaseUrl ?? resolveKlaviyoBaseUrl();
  const store = openDatabase({ dataDir: config.dataDir, ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}) });
  const events = createEventHub((error) => logger.error('an event listener failed', { error }));
  const tasks = createTaskRegistry();

  const createClient = (apiKey: string): KlaviyoClient => createKlaviyoClient({
    apiKey, baseUrl, logger: logger.child('klaviyo'), ...(config.timeScale ? { timeScale: config.timeScale } : {}),
  });
  const credentials = createCredentialsService({
    store,
    secrets: config.secretStore ?? createKeytarSecretStore(),
    checkKey: (apiKey, signal) => createClient(apiKey).checkKey(signal ? { signal } : {}),
    ...(config.envApiKey ? { envApiKey: config.envApiKey } : {}),
    logger: logger.child('credentials'),
  });
  const settings = createSettingsRepo(store, { logger });
  const history = createHistoryService({
    store, events, settings: () => settings.get(), logger: logger.child('history'),
    ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}),
    ...(config.retentionThread ? { retentionThread: config.retentionThread } : {}),
  });
  const sync = createSyncEngine({
    store, events, tasks, credentials, createClient, logger: logger.child('sync'),
    ...(config.sync ? { options: config.sync } : {}),
  });
  const audience = createAudienceArea({ store, tasks, events, settings });

  const handlers: AppHandlers = {
    getAppInfo: async () => ({
      version: config.version ?? '0.0.0-dev',
      dataFolder: config.dataDir,
      platform: process.platform,
      klaviyoBaseUrl: baseUrl,
      environmentKey: credentials.environmentKey(),
    }),
    cancelTask: async ({ taskId }) => {
      tasks.cancel(taskId);
    },
    ...createCredentialHandlers(credentials),
    ...createSettingsHandlers(settings, config.dataDir),
    ...createListHandlers({ credentials, createClient }),
    ...audience,
    ...sync.handlers,
    ...createHistoryHandlers(history),
  };

  // Old row detail is cleared in the background; a failure only delays it to the next sweep.
  history.applyRetention().catch((error: unknown) => {
    if (!AppError.is(error, 'CANCELLED')) logger.warn('the start-up retention sweep failed', { error });
  });

  const api = Object.fromEntries(channelNames.map((name) => [name, validated(name, handlers)])) as unknown as AppApi;
  let closing: Promise<void> | null = null;
  return Object.assign(api, {
    on: events.on,
    baseUrl,
    close: () => (closing ??= (async () => {
      tasks.cancelAll();
      await sync.shutdown();
      await history.close();
      store.close();
    })()),
  });
}

/** A method that checks its input against the channel table before the handler sees it. */
function validated<K extends ChannelName>(name: K, handlers: AppHandlers) {
  return async (raw?: unknown) => {
    const parsed = channels[name].input.safeParse(raw);
    if (!parsed.success) throw new AppError(describeInvalidInput(name, parsed.error.issues));
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return handler(parsed.data);
  };
}
