/**
 * The one contract between the renderer and the main process (and the command line, and the test
 * bridge). Every method is a row of `channels`: its input schema (validated on the main side before
 * any service runs) and its output type. The preload, the IPC handlers, the renderer's client and
 * the Playwright bridge are all derived from this table; there is no other way across.
 */
import { z } from 'zod';
import {
  InspectRequestSchema, PreviewMappingRequestSchema, ExportRequestSchema,
  type InspectResult, type PreviewMappingResult, type ExportResult,
} from './audience';
import {
  AddCredentialSchema, CredentialIdSchema, RenameCredentialSchema, ReplaceKeySchema,
  type Credential, type CredentialCheck,
} from './credentials';
import {
  PlanRequestSchema, StartRunSchema, RunIdSchema,
  type Plan, type RunSummary, type RunProgress, type TaskProgress,
} from './sync';
import {
  RunsQuerySchema, RowsQuerySchema, FindPersonSchema, ListSizesSchema, ExportRunLogSchema,
  type RunsPage, type RunDetail, type RowsPage, type FindPersonResult, type ListSizes, type ExportRunLogResult,
} from './history';
import { UpdateSettingsSchema, type Settings } from './settings';
import type { AppErrorData } from './errors';

export interface AppInfo {
  version: string;
  dataFolder: string;
  platform: string;
  klaviyoBaseUrl: string;
  /** Where the command line's KLAVIYO_API_KEY is in use (never the key itself). */
  environmentKey: { maskedKey: string } | null;
}

export interface KlaviyoList {
  id: string;
  name: string;
  created: string | null;
  updated: string | null;
  /** Only when asked for (it costs a request on a 1/s, 15/min budget). */
  profileCount: number | null;
}
export interface ListsOverview {
  lists: KlaviyoList[];
  /** Lists and segments in the account: Klaviyo caps the total at 1,000. */
  listCount: number;
  segmentCount: number;
  cap: number;
}

export interface Alert {
  runId: string;
  createdAt: string;
  listName: string | null;
  run: RunSummary;
}

const none = z.undefined();
const ListsQuery = z.object({
  credentialId: z.string().min(1).optional(),
  search: z.string().max(200).optional(),
}).default({});
const ListQuery = z.object({ credentialId: z.string().min(1).optional(), id: z.string().min(1) });
const TaskRef = z.object({ taskId: z.string().min(1) });

/** A row of the table: an input schema and, as a phantom, the output type. */
function channel<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });
}

export const channels = {
  getAppInfo: channel<AppInfo>()(none),

  // Credentials (the key goes in, only its mask comes out)
  listCredentials: channel<Credential[]>()(none),
  addCredential: channel<Credential>()(AddCredentialSchema),
  testCredential: channel<CredentialCheck>()(CredentialIdSchema),
  renameCredential: channel<Credential>()(RenameCredentialSchema),
  replaceCredentialKey: channel<Credential>()(ReplaceKeySchema),
  removeCredential: channel<void>()(CredentialIdSchema),

  // Klaviyo lists
  listLists: channel<ListsOverview>()(ListsQuery),
  getList: channel<KlaviyoList>()(ListQuery),

  // Audience files
  inspectFile: channel<InspectResult>()(InspectRequestSchema),
  previewMapping: channel<PreviewMappingResult>()(PreviewMappingRequestSchema),
  exportAudience: channel<ExportResult>()(ExportRequestSchema),
  cancelTask: channel<void>()(TaskRef),

  // Syncs
  planSync: channel<Plan>()(PlanRequestSchema),
  startRun: channel<RunSummary>()(StartRunSchema),
  pauseRun: channel<RunSummary>()(RunIdSchema),
  resumeRun: channel<RunSummary>()(RunIdSchema),
  cancelRun: channel<RunSummary>()(RunIdSchema),
  /** Runs that are running, paused or interrupted: what the app offers to resume on start. */
  listActiveRuns: channel<RunSummary[]>()(none),

  // History (offline)
  listRuns: channel<RunsPage>()(RunsQuerySchema),
  getRun: channel<RunDetail>()(RunIdSchema),
  listRunRows: channel<RowsPage>()(RowsQuerySchema),
  findPerson: channel<FindPersonResult>()(FindPersonSchema),
  getListSizes: channel<ListSizes>()(ListSizesSchema),
  exportRunLog: channel<ExportRunLogResult>()(ExportRunLogSchema),

  // Alerts: runs stopped on something a person can fix
  listAlerts: channel<Alert[]>()(none),
  dismissAlert: channel<void>()(RunIdSchema),

  // Settings
  getSettings: channel<Settings>()(none),
  updateSettings: channel<Settings>()(UpdateSettingsSchema),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
/** What a handler receives: the input after validation and defaults. */
export type ChannelParsed<K extends ChannelName> = z.output<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Channels[K]['output'];

export const channelNames = Object.keys(channels) as ChannelName[];

/** Events pushed from the main side. Payloads are phantom types, like outputs. */
function event<Payload>() {
  return undefined as unknown as Payload;
}
export const events = {
  runProgress: event<RunProgress>(),
  /** A run changed status (started, paused, finished, stopped with an action…). */
  runStatus: event<RunSummary>(),
  taskProgress: event<TaskProgress>(),
  alertsChanged: event<{ count: number }>(),
  /** A command chosen in the app menu that the window carries out (File → Open CSV…). */
  menuCommand: event<{ command: 'openCsv' }>(),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];
export const eventNames = Object.keys(events) as EventName[];

type Method<K extends ChannelName> = [ChannelInput<K>] extends [undefined]
  ? () => Promise<ChannelOutput<K>>
  : undefined extends ChannelInput<K>
    ? (input?: ChannelInput<K>) => Promise<ChannelOutput<K>>
    : (input: ChannelInput<K>) => Promise<ChannelOutput<K>>;

/** The API as every caller sees it. Methods reject with AppError (see errors.ts). */
export type AppApi = { [K in ChannelName]: Method<K> } & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** What the main side implements: handlers get validated input. */
export type AppHandlers = { [K in ChannelName]: (input: ChannelParsed<K>) => Promise<ChannelOutput<K>> };

/** Native pieces only the window has (dialogs, dropped files, links). Not part of the core. */
export interface ShellApi {
  pickCsvFile(): Promise<string | null>;
  pickFolder(): Promise<string | null>;
  pickSavePath(defaultName: string): Promise<string | null>;
  /** The path of a file dropped on the window (Electron's webUtils.getPathForFile). */
  pathForDroppedFile(file: File): string;
  /** Opens an allow-listed Klaviyo help page in the browser. */
  openHelp(url: string): Promise<void>;
}
export const shellChannels = ['shell.pickCsvFile', 'shell.pickFolder', 'shell.pickSavePath', 'shell.openHelp'] as const;

/** window.audienceSync */
export type WindowApi = AppApi & { shell: ShellApi };

/** Result envelope on the wire: errors cross IPC as data, never as thrown strings. */
export type Wire<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** The shell as it crosses the boundary: results as Wire envelopes, like the channels. */
export type WireShell = {
  [K in Exclude<keyof ShellApi, 'pathForDroppedFile'>]: (
    ...args: Parameters<ShellApi[K]>
  ) => Promise<Wire<Awaited<ReturnType<ShellApi[K]>>>>;
} & Pick<ShellApi, 'pathForDroppedFile'>;

/**
 * window.audienceSync as the preload (and the test bridge) expose it: one method per channel whose
 * promise resolves to a Wire envelope, since an Error thrown across contextBridge loses its code.
 * renderer/api.ts turns it back into the AppApi that rejects with AppError.
 */
export type WireApi = {
  [K in ChannelName]: (...args: Parameters<AppApi[K]>) => Promise<Wire<ChannelOutput<K>>>;
} & { on: AppApi['on']; shell: WireShell };
