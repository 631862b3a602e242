/**
 * App settings, one row per setting (key → JSON value), so a later setting is a new key rather than a
 * migration. Values are validated on the way in and on the way out; a damaged value falls back to its
 * default with a warning in the log rather than stopping the app over a preference.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { RegionSchema } from '../../../shared/mapping';
import { UpdateSettingsSchema, type Settings, type UpdateSettings } from '../../../shared/settings';
import { createLogger, type Logger } from '../log';
import { sql } from './sql';
import type { Store } from './store';

/** What the database holds; `dataFolder` is decided at start-up, not stored. */
export type StoredSettings = Omit<Settings, 'dataFolder'>;

export const DEFAULT_SETTINGS: Readonly<StoredSettings> = Object.freeze({ defaultRegion: 'US', rowRetentionDays: null });

const fieldSchemas: { [K in keyof StoredSettings]: z.ZodType<StoredSettings[K]> } = {
  defaultRegion: RegionSchema,
  rowRetentionDays: z.number().int().min(1).max(3650).nullable(),
};
const settingKeys = Object.keys(fieldSchemas) as Array<keyof StoredSettings>;

export interface SettingsRepo {
  get(): StoredSettings;
  /** Applies the fields present in `patch` (null clears rowRetentionDays: keep forever); returns the result. */
  update(patch: UpdateSettings): StoredSettings;
}

export function createSettingsRepo(store: Store, options: { logger?: Logger } = {}): SettingsRepo {
  const logger = options.logger ?? createLogger({ scope: 'settings' });

  const get = (): StoredSettings => {
    const rows = store.all<{ key: string; value: string }>(sql`SELECT key, value FROM settings`);
    const stored = new Map(rows.map((row) => [row.key, row.value]));
    const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of settingKeys) {
      const raw = stored.get(key);
      if (raw === undefined) continue;
      const parsed = fieldSchemas[key].safeParse(parseJson(raw));
      if (parsed.success) result[key] = parsed.data;
      else logger.warn('A saved setting is not valid; using its default', { key, issue: parsed.error.issues[0]?.message ?? 'invalid' });
    }
    return result as StoredSettings;
  };

  return {
    get,
    update(patch) {
      const parsed = UpdateSettingsSchema.safeParse(patch);
      if (!parsed.success) {
        throw new AppError({ code: 'INVALID_INPUT', message: `Those settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.` });
      }
      store.transaction(() => {
        for (const key of settingKeys) {
          const value = parsed.data[key];
          if (value === undefined) continue;
          store.run(sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})
            ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
        }
      });
      return get();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
