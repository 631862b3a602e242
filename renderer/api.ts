/**
 * The renderer's only way to the app: `api` (the AppApi, rejecting with AppError) and `shell`, both
 * over `window.audienceSync` (exposed by the preload in the app, by the test bridge in Playwright).
 * Results cross as Wire envelopes; this is where they become values or AppErrors again.
 */
import { channelNames, type AppApi, type ShellApi, type Wire, type WireApi } from '../shared/api';
import { AppError, ERROR_CODES, type AppErrorData } from '../shared/errors';

/** Read on every call, not at import: the bridge is a property of the page's global (window). */
function bridge(): WireApi {
  const exposed = (globalThis as { audienceSync?: WireApi }).audienceSync;
  if (!exposed) {
    throw new AppError({ code: 'INTERNAL', message: 'The app did not start properly (its bridge is missing). Restart it.' });
  }
  return exposed;
}

function isErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}

/** A Wire envelope back into a value, or an AppError; anything malformed becomes INTERNAL. */
export function unwrap<T>(wire: Wire<T>): T {
  if (typeof wire === 'object' && wire !== null) {
    if (wire.ok === true) return wire.value;
    if (wire.ok === false && isErrorData(wire.error)) throw new AppError(wire.error);
  }
  throw new AppError({ code: 'INTERNAL', message: 'The app sent back an answer the window cannot read. Restart the app.' });
}

/** A transport failure (the main side dropped the call, the bridge went away) as an AppError. */
function transportError(error: unknown): AppError {
  if (AppError.is(error)) return error;
  return new AppError({ code: 'INTERNAL', message: 'The window lost contact with the app. Restart the app.' }, { cause: error });
}

async function call<T>(send: () => Promise<Wire<T>>): Promise<T> {
  let wire: Wire<T>;
  try {
    wire = await send();
  } catch (error) {
    throw transportError(error);
  }
  return unwrap(wire);
}

function buildApi(): AppApi {
  const methods: Record<string, unknown> = {};
  for (const name of channelNames) {
    methods[name] = (input?: unknown) => call(() => (bridge()[name] as (input?: unknown) => Promise<Wire<unknown>>)(input));
  }
  methods.on = ((event, listener) => bridge().on(event, listener)) satisfies AppApi['on'];
  return Object.freeze(methods) as AppApi;
}

export const api: AppApi = buildApi();

export const shell: ShellApi = Object.freeze({
  pickCsvFile: () => call(() => bridge().shell.pickCsvFile()),
  pickFolder: () => call(() => bridge().shell.pickFolder()),
  pickSavePath: (defaultName: string) => call(() => bridge().shell.pickSavePath(defaultName)),
  openHelp: (url: string) => call(() => bridge().shell.openHelp(url)),
  pathForDroppedFile: (file: File) => bridge().shell.pathForDroppedFile(file),
});
