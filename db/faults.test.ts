import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../test/support/ports';
import { isDatabaseUnavailable } from './faults';

describe('isDatabaseUnavailable', () => {
  it('recognises a database server that refuses the connection (a real connect to a closed port)', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'x', database: 'x' });
    const error = await client.connect().then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('does not take a failed query of a healthy connection for an outage (real PGlite errors, wrapped by drizzle)', async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    const syntax = await db.execute(sql`selec 1`).then(() => null, (e: unknown) => e);
    const missing = await db.execute(sql`select * from no_such_table`).then(() => null, (e: unknown) => e);
    expect(syntax).not.toBeNull();
    expect(missing).not.toBeNull();
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(missing)).toBe(false);
    await client.close();
  });

  it('reads SQLSTATE codes of lost sessions and node-postgres messages, through cause and AggregateError', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['57P01', '57P02', '57P03', '57P05', '08006', '08001', '08003', '08P01', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    for (const code of ['23505', '40001', '42P01', '57014', '22003', 'ENOENT']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'Client was closed and is not queryable',
      'timeout exceeded when trying to connect',
    ]) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(false);
    for (const value of [null, undefined, 'Connection terminated', 57, {}]) expect(isDatabaseUnavailable(value)).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});
