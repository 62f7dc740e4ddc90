/**
 * Opens the database from configuration: embedded PGlite in a data directory by default, or a
 * PostgreSQL server through node-postgres (`pg`) when a URL is given. Both run the same
 * committed migrations and serve the same drizzle queries.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { PGlite, types, type QueryOptions, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from 'pino';
import { lockDataDir } from './lock';
import { MIGRATIONS_DIR } from './paths';
import * as schema from './schema/index';

export { DatabaseLockedError } from './lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or a transaction. */
export type Queryable = Db | Tx;

export type DbConfig =
  | { kind: 'pglite'; /** null keeps everything in memory (tests). */ dataDir: string | null }
  | { kind: 'postgres'; url: string };

export interface OpenDatabase {
  db: Db;
  config: DbConfig;
  /** For logs: where the data lives, without credentials. */
  describe: string;
  close(): Promise<void>;
}

const migrationsFolder = MIGRATIONS_DIR;

/** Reads `DATABASE_URL` and `PODIUM_DATA_DIR` (default `./data`). */
export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: env.PODIUM_DATA_DIR ?? './data' };
}

export interface OpenOptions {
  /** Where a lost PostgreSQL connection and a stale PGlite lock taken over are reported. */
  logger?: Pick<Logger, 'warn'>;
  /**
   * PGlite in a directory: opens `<dataDir>/pglite` instead of the plain open, under the
   * directory's lock (the journal's recovery, server/store/recovery.ts). `openAt` opens and
   * migrates a PGlite directory.
   */
  openPglite?: (dataDir: string, openAt: (dir: string) => Promise<PgliteHandle>) => Promise<PgliteHandle>;
}

/** An open, migrated PGlite database. */
export interface PgliteHandle {
  db: Db;
  close(): Promise<void>;
}

/** Opens and migrates a PGlite database in `dir` (null: in memory). */
export async function openPgliteAt(dir: string | null): Promise<PgliteHandle> {
  const client = dir === null ? new PGlite(PGLITE_OPTIONS) : await openPgliteDir(dir);
  try {
    const db = drizzlePglite({ client: await withoutRepeatedParsers(client), schema, casing: 'snake_case' });
    await migratePglite(db, { migrationsFolder });
    return { db: db as unknown as Db, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}

export async function openDatabase(config: DbConfig, options: OpenOptions = {}): Promise<OpenDatabase> {
  if (config.kind === 'postgres') {
    const pool = new GuardedPool({
      connectionString: config.url,
      max: 10,
      // A server that does not answer fails a request in seconds, not after the kernel's TCP timeout.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    // Every connection reports its loss once (a killed backend says so, then its socket closes);
    // requests meanwhile are answered `unavailable`, and the pool connects again when next asked.
    pool.on('connect', (client) => {
      let reported = false;
      client.on('error', (err) => {
        if (reported) return;
        reported = true;
        options.logger?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost');
      });
    });
    // The pool passes an idle connection's loss on here (already logged above); unlistened, an
    // 'error' event would end the process.
    pool.on('error', () => {});
    const db = drizzlePostgres({ client: pool, schema, casing: 'snake_case' });
    try {
      await migrateExclusively(pool, () => migratePostgres(db, { migrationsFolder }));
    } catch (error) {
      await pool.end();
      throw error;
    }
    const url = new URL(config.url);
    return {
      db: db as unknown as Db,
      config,
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => pool.end(),
    };
  }

  const { dataDir } = config;
  const release = dataDir === null ? () => {} : lockDataDir(dataDir, (message) => options.logger?.warn(message));
  try {
    const handle =
      dataDir === null ? await openPgliteAt(null) : options.openPglite ? await options.openPglite(dataDir, openPgliteAt) : await openPgliteAt(join(dataDir, 'pglite'));
    return {
      db: handle.db,
      config,
      describe: dataDir === null ? 'PGlite in memory' : `PGlite in ${dataDir}`,
      close: async () => {
        await handle.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Advisory lock id for migrations (any fixed number). */
const MIGRATION_LOCK = 7_637_487;

/**
 * Runs the migrations while holding a database-wide lock: several processes starting at once on
 * one database would otherwise all try to create the same tables, and all but one would fail.
 */
async function migrateExclusively(pool: pg.Pool, migrate: () => Promise<void>): Promise<void> {
  const holder = await pool.connect();
  try {
    await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate();
  } finally {
    await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    holder.release();
  }
}

/**
 * PGlite runs PostgreSQL inside this process, and its memory only grows: a contest's data is a few
 * megabytes, so PostgreSQL's default 128 MB of shared buffers would be memory held for nothing.
 */
const PGLITE_OPTIONS = { postgresqlconf: ['shared_buffers=16MB'] };

/**
 * The type parsers drizzle hands PGlite with every query (drizzle-orm/pglite/session.js), all of
 * which keep the text PostgreSQL sends for drizzle to map: dates, times, intervals, and the arrays
 * of those and of numeric.
 */
const DRIZZLE_TEXT_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const keepText = (value: string) => value;

/**
 * PGlite merges a query's own parsers into a fresh copy of its 318 defaults on every query that
 * brings some: 86 µs each, the largest part of its result parsing on the command path. So the
 * client holds drizzle's parsers itself (set once it is ready: PGlite derives its array parsers
 * then), and drizzle's copies are dropped on the way in while the client still holds the same.
 * A query bringing any other parser keeps them. The rows are the same.
 */
async function withoutRepeatedParsers(client: PGlite): Promise<PGlite> {
  await client.waitReady;
  for (const oid of DRIZZLE_TEXT_TYPES) client.parsers[oid] = keepText;
  const held = (parsers: NonNullable<QueryOptions['parsers']>) => Object.keys(parsers).every((oid) => client.parsers[oid] === keepText);
  const wrap = <C extends PGlite | PgliteTransaction>(target: C): C =>
    new Proxy(target, {
      get(target, key) {
        if (key === 'query') {
          return (query: string, params?: unknown[], options?: QueryOptions) => {
            if (!options?.parsers || !held(options.parsers)) return target.query(query, params, options);
            const { parsers: _held, ...rest } = options;
            return target.query(query, params, rest);
          };
        }
        if (key === 'transaction' && target === client) {
          return <T>(work: (tx: PgliteTransaction) => Promise<T>) => client.transaction((tx) => work(wrap(tx)));
        }
        const value: unknown = Reflect.get(target, key, target);
        // PGlite's methods use private fields: they must run on the client itself, not the proxy.
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return wrap(client);
}

/**
 * Opens a PGlite data directory. A new directory is first created by initdb, which grows the
 * WebAssembly memory to ~600 MB that is never given back; so that instance is closed and the
 * directory opened again in a fresh one (~140 MB), once, on the very first start.
 */
async function openPgliteDir(dir: string): Promise<PGlite> {
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const initialising = new PGlite(dir, PGLITE_OPTIONS);
    await initialising.waitReady;
    await initialising.close();
  }
  const client = new PGlite(dir, PGLITE_OPTIONS);
  await client.waitReady;
  return client;
}

/**
 * A pool whose checked-out connections leave it as soon as they fail. drizzle's transaction sends
 * BEGIN before its try/finally (drizzle-orm/node-postgres/session.js), so a connection lost right
 * then would never be released and the pool would shrink by one on every such loss; and
 * node-postgres keeps a failed connection counted until it is released. Releasing it on its error
 * (and ignoring drizzle's later release) keeps all ten connections available across outages; any
 * later query on it is refused at once ("not queryable"), which counts as unavailable.
 */
class GuardedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    if (callback) return super.connect(callback);
    return super.connect().then((client) => {
      const release = client.release.bind(client);
      let released = false;
      const onLost = (error: Error) => client.release(error);
      client.release = (error?: Error | boolean) => {
        if (released) return;
        released = true;
        client.removeListener('error', onLost);
        release(error);
      };
      client.on('error', onLost);
      return client;
    });
  }
}
