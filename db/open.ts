/**
 * Opens the database from configuration: embedded PGlite in a data directory by default, or a
 * PostgreSQL server through the `postgres` driver when a URL is given. Both run the same
 * committed migrations and serve the same drizzle queries.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index';

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

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Reads `DATABASE_URL` and `PODIUM_DATA_DIR` (default `./data`). */
export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: env.PODIUM_DATA_DIR ?? './data' };
}

export class DatabaseLockedError extends Error {}

export async function openDatabase(config: DbConfig): Promise<OpenDatabase> {
  if (config.kind === 'postgres') {
    const client = postgres(config.url, { onnotice: () => {}, max: 10 });
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' });
    try {
      await migratePostgres(db, { migrationsFolder });
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    const url = new URL(config.url);
    return {
      db: db as unknown as Db,
      config,
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => client.end({ timeout: 5 }),
    };
  }

  const release = config.dataDir === null ? () => {} : lockDataDir(config.dataDir);
  try {
    const client = config.dataDir === null ? new PGlite() : new PGlite(join(config.dataDir, 'pglite'));
    const db = drizzlePglite({ client, schema, casing: 'snake_case' });
    await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      config,
      describe: config.dataDir === null ? 'PGlite in memory' : `PGlite in ${config.dataDir}`,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * PGlite does not lock its directory, and two processes on one directory corrupt it: take a lock
 * file holding our pid, and refuse while another live process holds it.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'podium.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `The data directory ${dataDir} is in use by another Podium process (pid ${holder}). ` +
            `Stop that process first, or start this one with another PODIUM_DATA_DIR.`,
        );
      }
      if (holder === process.pid) {
        throw new DatabaseLockedError(`The data directory ${dataDir} is already open in this process.`);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseLockedError(`Could not lock the data directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
