// Types for native-electron.mjs, so TypeScript tests and tools can import it.
export declare const SQLITE_ADDON: string;
export declare class StepError extends Error {}
export declare function nativeDir(projectDir: string, electronVersion: string, platform: string, arch: string): string;
export declare function electronPackage(projectDir: string): { version: string; abi: string | null };
export declare function addonAbi(file: string): string | null;
export declare function ensureElectronSqlite(options: {
  projectDir: string;
  electronVersion: string;
  platform?: string;
  arch?: string;
  log?: (line: string) => void;
  headersUrl?: string;
  /** Where node-gyp keeps downloaded headers (default: its cache folder). */
  devDir?: string;
}): Promise<string>;
