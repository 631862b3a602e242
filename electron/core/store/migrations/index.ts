/**
 * Every migration, in order. To change the schema: add `NNN-what-it-does.ts` exporting a Migration
 * with the next version, append it here, and add its test, `NNN-what-it-does.test.ts`, anywhere under
 * test/ (the registry test in test/unit/store/migrations/ checks both).
 */
import { migration001 } from './001-settings-and-credentials';
import { migration002 } from './002-runs';
import { migration003 } from './003-duplicate-lines-index';
import type { Migration } from './types';

export type { Migration } from './types';

export const migrations: readonly Migration[] = [migration001, migration002, migration003];

/** Refuses a list that is not 1, 2, 3, … in order with kebab-case names (a programming error). */
export function validateMigrations(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new TypeError(`migration #${index + 1} ("${migration.name}") has version ${migration.version}; versions must be 1, 2, 3, … in order`);
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(migration.name)) {
      throw new TypeError(`migration ${migration.version} has name "${migration.name}"; use kebab-case`);
    }
  });
}

export function latestVersion(list: readonly Migration[]): number {
  return list.length === 0 ? 0 : (list[list.length - 1]?.version ?? 0);
}
