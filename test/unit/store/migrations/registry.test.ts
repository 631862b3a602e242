import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations, validateMigrations } from '../../../../electron/core/store/migrations/index';
import { openDatabase } from '../../../../electron/core/store/open-database';
import { sql } from '../../../../electron/core/store/sql';
import { tempDir } from '../helpers';

const testRoot = fileURLToPath(new URL('../../../', import.meta.url));
const folder = fileURLToPath(new URL('../../../../electron/core/store/migrations/', import.meta.url));

describe("the app's migration list", () => {
  it('numbers its migrations 1, 2, 3, … with kebab-case names', () => {
    expect(() => validateMigrations(migrations)).not.toThrow();
  });

  it('registers every NNN-name.ts file in migrations/ under its number and name', () => {
    const files = readdirSync(folder).filter((f) => /^\d{3}-.*\.ts$/.test(f)).sort();
    expect(files.map((f) => f.replace(/\.ts$/, ''))).toEqual(
      migrations.map((m) => `${String(m.version).padStart(3, '0')}-${m.name}`));
  });

  it('has a test file named after each migration (NNN-name.test.ts, anywhere under test/)', () => {
    const tests = readdirSync(testRoot, { recursive: true, encoding: 'utf8' }).map((f) => basename(f));
    for (const m of migrations) expect(tests).toContain(`${String(m.version).padStart(3, '0')}-${m.name}.test.ts`);
  });

  for (let from = 0; from < migrations.length; from++) {
    it(`upgrades a real database from schema ${from} to ${migrations.length}`, () => {
      const dataDir = tempDir();
      openDatabase({ dataDir, migrations: migrations.slice(0, from) }).close();
      const store = openDatabase({ dataDir });
      expect(store.schemaVersion()).toBe(migrations.length);
      // Every table the app defines is there and readable.
      const tables = store.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = ${'table'}`).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['settings', 'credentials']));
      store.close();
    });
  }
});
