/**
 * The store: one SQLite connection behind a small API that only accepts `sql` queries (bound
 * parameters, never string-built SQL) and caches every prepared statement by its text, so a query
 * run a million times is compiled once. Storage failures come out as AppError DATABASE_ERROR.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { staticSqlText, type SqlQuery, type SqlValue } from './sql';
import { isStorageFailure, sqliteCodeOf, toDatabaseError } from './database-errors';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A statement prepared once from literal SQL, bound positionally: for hot loops (staging millions of rows). */
export interface PreparedStatement {
  run(...params: SqlValue[]): RunResult;
  get<Row>(...params: SqlValue[]): Row | undefined;
  all<Row>(...params: SqlValue[]): Row[];
  iterate<Row>(...params: SqlValue[]): IterableIterator<Row>;
}

/** What a migration may do: everything but open and close transactions (the runner owns those). */
export interface SqlRunner {
  /** Rows as SQLite returns them; the caller names the row type (validate anything read from JSON). */
  all<Row>(query: SqlQuery): Row[];
  get<Row>(query: SqlQuery): Row | undefined;
  run(query: SqlQuery): RunResult;
  /** Streams rows one at a time (large history queries) instead of building an array. */
  iterate<Row>(query: SqlQuery): IterableIterator<Row>;
  /** Runs static SQL that may hold several statements (migrations' DDL). Refuses bound values. */
  exec(query: SqlQuery): void;
  /** prepare`INSERT INTO t (a, b) VALUES (?, ?)` — literal SQL only; cached like every other statement. */
  prepare(strings: TemplateStringsArray, ...nothing: never[]): PreparedStatement;
}

export interface Store extends SqlRunner {
  /** The database file. */
  readonly path: string;
  /**
   * Runs `work` in one transaction, started IMMEDIATE so two processes (the app and the command
   * line) never deadlock upgrading a read lock to a write lock; nested calls become savepoints.
   * `work` must be synchronous: an awaited gap would commit half the work.
   */
  transaction<T>(work: () => T): T;
  /** The schema version (PRAGMA user_version) after migrations. */
  schemaVersion(): number;
  readonly open: boolean;
  close(): void;
}

// Enough for every distinct statement the app has, with room; a statement that falls out is just re-prepared.
const STATEMENT_CACHE_SIZE = 500;

export function createStore(db: BetterSqlite3.Database, path: string): Store {
  const cache = new Map<string, BetterSqlite3.Statement>();

  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw isStorageFailure(sqliteCodeOf(error)) ? toDatabaseError(error, path) : error;
    }
  };

  const statement = (text: string): BetterSqlite3.Statement => {
    const cached = cache.get(text);
    // Evicting the oldest-prepared rather than least-recently-used keeps a cache hit to one Map lookup;
    // the app has far fewer distinct statements than the cache holds, so eviction is a safety net.
    if (cached) return cached;
    const prepared = db.prepare(text);
    cache.set(text, prepared);
    if (cache.size > STATEMENT_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return prepared;
  };

  const toRunResult = (info: BetterSqlite3.RunResult): RunResult => ({ changes: info.changes, lastInsertRowid: info.lastInsertRowid });

  const store: Store = {
    path,
    get open() {
      return db.open;
    },
    all: <Row>(query: SqlQuery) => guard(() => statement(query.text).all(...query.values) as Row[]),
    get: <Row>(query: SqlQuery) => guard(() => statement(query.text).get(...query.values) as Row | undefined),
    run: (query) => guard(() => toRunResult(statement(query.text).run(...query.values))),
    iterate: <Row>(query: SqlQuery) => guard(() => statement(query.text).iterate(...query.values) as IterableIterator<Row>),
    exec(query) {
      if (query.values.length > 0) throw new TypeError('store.exec runs static SQL only; use store.run for statements with values');
      guard(() => db.exec(query.text));
    },
    prepare(strings, ...nothing) {
      const text = staticSqlText(strings, nothing);
      const prepared = guard(() => statement(text));
      return {
        run: (...params) => guard(() => toRunResult(prepared.run(...params))),
        get: <Row>(...params: SqlValue[]) => guard(() => prepared.get(...params) as Row | undefined),
        all: <Row>(...params: SqlValue[]) => guard(() => prepared.all(...params) as Row[]),
        iterate: <Row>(...params: SqlValue[]) => guard(() => prepared.iterate(...params) as IterableIterator<Row>),
      };
    },
    transaction<T>(work: () => T): T {
      const wrapped = db.transaction(() => {
        const result = work();
        if (typeof (result as { then?: unknown } | null)?.then === 'function') {
          throw new TypeError('store.transaction: work must be synchronous (an await inside would split the transaction)');
        }
        return result;
      });
      return guard(() => wrapped.immediate());
    },
    schemaVersion: () => guard(() => readUserVersion(db)),
    close() {
      cache.clear();
      if (db.open) db.close();
    },
  };
  return store;
}

export function readUserVersion(db: BetterSqlite3.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new TypeError(`PRAGMA user_version returned ${typeof version}`);
  return version;
}

export function writeUserVersion(db: BetterSqlite3.Database, version: number): void {
  // PRAGMA takes no bound parameters; the version is a checked integer from our own migration list.
  if (!Number.isSafeInteger(version) || version < 0) throw new TypeError(`invalid schema version ${version}`);
  db.pragma(`user_version = ${version}`);
}
