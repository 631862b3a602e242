import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createLogger } from '../../../electron/core/log';
import { openDatabase } from '../../../electron/core/store/open-database';
import { createSettingsHandlers } from '../../../electron/core/store/settings-handlers';
import { createSettingsRepo, DEFAULT_SETTINGS } from '../../../electron/core/store/settings-repo';
import { sql } from '../../../electron/core/store/sql';
import { catchError, tempDir } from './helpers';

function setup() {
  const dataDir = tempDir();
  const store = openDatabase({ dataDir });
  const lines: string[] = [];
  const repo = createSettingsRepo(store, { logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }) });
  return { dataDir, store, repo, lines };
}

describe('settings repository', () => {
  it('starts from the defaults: US phone region, row details kept forever', () => {
    const { repo, store } = setup();
    expect(repo.get()).toEqual({ defaultRegion: 'US', rowRetentionDays: null });
    expect(DEFAULT_SETTINGS).toEqual({ defaultRegion: 'US', rowRetentionDays: null });
    store.close();
  });

  it('changes only the fields given, and keeps them across reopening', () => {
    const { repo, store, dataDir } = setup();
    expect(repo.update({ defaultRegion: 'GB' })).toEqual({ defaultRegion: 'GB', rowRetentionDays: null });
    expect(repo.update({ rowRetentionDays: 90 })).toEqual({ defaultRegion: 'GB', rowRetentionDays: 90 });
    store.close();
    const reopened = openDatabase({ dataDir });
    expect(createSettingsRepo(reopened).get()).toEqual({ defaultRegion: 'GB', rowRetentionDays: 90 });
    reopened.close();
  });

  it('goes back to keeping row details forever when retention is set to null', () => {
    const { repo, store } = setup();
    repo.update({ rowRetentionDays: 30 });
    expect(repo.update({ rowRetentionDays: null }).rowRetentionDays).toBeNull();
    store.close();
  });

  it('refuses invalid values with INVALID_INPUT and stores nothing', () => {
    const { repo, store } = setup();
    for (const patch of [{ defaultRegion: 'usa' }, { rowRetentionDays: 0 }, { rowRetentionDays: 2.5 }, { rowRetentionDays: 4000 }]) {
      const error = catchError(() => repo.update(patch));
      expect(AppError.is(error, 'INVALID_INPUT')).toBe(true);
    }
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    store.close();
  });

  it('falls back to the default for a damaged stored value and says so in the log', () => {
    const { repo, store, lines } = setup();
    repo.update({ defaultRegion: 'FR', rowRetentionDays: 7 });
    store.run(sql`UPDATE settings SET value = ${'"not a region"'} WHERE key = ${'defaultRegion'}`);
    expect(repo.get()).toEqual({ defaultRegion: 'US', rowRetentionDays: 7 });
    expect(lines.some((line) => line.includes('defaultRegion') && line.includes('"warn"'))).toBe(true);
    store.close();
  });
});

describe('settings handlers', () => {
  it('report the data folder with the stored settings and apply updates', async () => {
    const { repo, store, dataDir } = setup();
    const handlers = createSettingsHandlers(repo, dataDir);
    expect(await handlers.getSettings(undefined)).toEqual({ defaultRegion: 'US', rowRetentionDays: null, dataFolder: dataDir });
    expect(await handlers.updateSettings({ defaultRegion: 'DE', rowRetentionDays: 365 }))
      .toEqual({ defaultRegion: 'DE', rowRetentionDays: 365, dataFolder: dataDir });
    expect(await handlers.getSettings(undefined)).toMatchObject({ defaultRegion: 'DE' });
    store.close();
  });
});
