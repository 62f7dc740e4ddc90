/**
 * A real Podium server for a test: real database (see database.ts), real HTTP and Socket.IO on a
 * free port, the demo contest (or another file), a known host key.
 */
import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { judges } from '../../db/schema/index';
import { startPodium, type Podium, type StartOptions } from '../../server/start';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_HOST_KEY = 'test-host-key-0123456789';

/** Rate limits far above what any test sends (server/limits.ts has the defaults a real server uses). */
export const TEST_LIMITS = { socketPerSecond: 10_000, socketBurst: 10_000, addressPerSecond: 100_000, addressBurst: 100_000, failuresPerMinute: 10_000 };

export interface TestServer {
  podium: Podium;
  url: string;
  hostKey: string;
  database: TestDatabase;
  /** Judges of the current contest with their link tokens, in file order. */
  judges(): Promise<{ id: number; key: string; name: string; token: string }[]>;
  /** Stops the server, keeping the database (for restart tests). */
  stop(): Promise<void>;
  /** Starts again on the same database (and the same port when possible). */
  restart(): Promise<void>;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

/** `database`: serve one the test prepared (it is dropped with the server); else a new one. */
export async function startTestServer(
  options: { persistent?: boolean; pglite?: boolean; database?: TestDatabase } & Partial<Pick<StartOptions, 'contestFile' | 'clientDir' | 'now' | 'logger' | 'limits' | 'allowedOrigins'>> = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase({ persistent: options.persistent, pglite: options.pglite }));
  const start = (port = 0) =>
    startPodium({
      db: database.config,
      port,
      host: '127.0.0.1',
      hostKey: TEST_HOST_KEY,
      ...(options.contestFile ? { contestFile: options.contestFile } : {}),
      ...(options.clientDir ? { clientDir: options.clientDir } : {}),
      ...(options.now ? { now: options.now } : {}),
      // Tests are programs that send far faster than people; the tests of the limits set their own.
      limits: options.limits ?? TEST_LIMITS,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      // PODIUM_TEST_LOG=info (or error, debug) shows the server's log lines while a test runs.
      ...(options.logger ? { logger: options.logger } : process.env.PODIUM_TEST_LOG ? { logger: pino({ level: process.env.PODIUM_TEST_LOG }) } : {}),
    });
  let podium = await start();
  let running = true;
  const server: TestServer = {
    get podium() {
      return podium;
    },
    get url() {
      return podium.url;
    },
    hostKey: TEST_HOST_KEY,
    database,
    async judges() {
      const { db } = podium.database;
      return db
        .select({ id: judges.id, key: judges.key, name: judges.name, token: judges.token })
        .from(judges)
        .where(eq(judges.contestId, podium.contestId()))
        .orderBy(asc(judges.id));
    },
    async stop() {
      if (running) await podium.close();
      running = false;
    },
    async restart() {
      const port = podium.port;
      await server.stop();
      try {
        podium = await start(port);
      } catch {
        podium = await start(0);
      }
      running = true;
    },
    async close() {
      await server.stop();
      await database.drop();
    },
  };
  return server;
}
