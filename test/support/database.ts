/**
 * A database of its own for each test file: PGlite (in memory, or in a temporary directory when a
 * test restarts the server) by default, or a fresh PostgreSQL database created on the server named
 * by DATABASE_URL and dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DbConfig } from '../../db/open';

export interface TestDatabase {
  config: DbConfig;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * @param persistent a PGlite directory on disk (survives a server restart) rather than memory
 * @param pglite PGlite even when DATABASE_URL is set (what only PGlite has: its journal)
 */
export async function createTestDatabase(options: { persistent?: boolean; pglite?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = options.pglite ? undefined : process.env.DATABASE_URL;
  if (!adminUrl) {
    if (!options.persistent) return { config: { kind: 'pglite', dataDir: null }, kind: 'pglite', drop: async () => {} };
    const dir = mkdtempSync(join(tmpdir(), 'podium-test-'));
    return { config: { kind: 'pglite', dataDir: dir }, kind: 'pglite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `podium_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdminConnection(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    kind: 'postgres',
    drop: () => onAdminConnection(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onAdminConnection(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
