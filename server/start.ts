/**
 * Starts Podium: database (migrated), host key, contest (the demo or PODIUM_CONTEST on an empty
 * database), HTTP + Socket.IO on one port. Used by server/index.ts and by the tests, which start
 * real servers on port 0.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../db/paths';
import { sql } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { openDatabase, type DbConfig, type OpenDatabase } from '../db/open';
import { AnalysisService } from './analysis/service';
import { AnalysisThread } from './analysis/thread';
import { createApp } from './app';
import { createLimits, DEFAULT_LIMITS, type LimitSettings } from './limits';
import { allowedOrigins, parseConfiguredOrigins, type AllowedOrigins } from './origins';
import { describeProblems, parseContestFile } from './protocol/contestFile';
import { connectCluster, type ClusterLink } from './realtime/cluster';
import { CommandTurns } from './commands/turns';
import { createRealtime } from './realtime/io';
import { checkTimeZone, DEFAULT_TIME_ZONE } from './reports/time';
import { ensureHostKey, hostKeyChecker } from './store/hostKey';
import { writeContest } from './store/importContest';
import { metricsRecorder } from './metrics';
import { ContestLive } from './store/live';
import { JournaledDirectory } from './store/recovery';
import type { ContestModel } from './store/model';
import { INSTANCE_LOCK } from './store/backup';
import { servedContestId } from './store/contests';

export const DEMO_CONTEST_PATH = join(PROJECT_ROOT, 'scripts', 'demo-contest.json');
export const CLIENT_DIR = join(PROJECT_ROOT, 'dist', 'client');

export interface StartOptions {
  db: DbConfig;
  port?: number;
  host?: string;
  /** PODIUM_HOST_KEY: sets (or resets) the host key. */
  hostKey?: string;
  /** Contest file loaded when the database has no contest yet; default the demo. */
  contestFile?: string;
  /** Base URL for links printed and shown (judge QR codes), e.g. http://192.168.1.20:3000 */
  publicUrl?: string;
  logger?: Logger;
  /** PODIUM_REDIS_URL: fan broadcasts out to other processes serving the same PostgreSQL database. */
  redisUrl?: string;
  clientDir?: string;
  now?: () => number;
  /** PODIUM_TIME_ZONE: where the contest takes place, for the times in exported files. */
  timeZone?: string;
  /** PODIUM_ALLOWED_ORIGINS: origins allowed besides this machine's and the public URL (`*`: any). */
  allowedOrigins?: string;
  /** Rate limits (server/limits.ts); tests that send thousands of messages raise them. */
  limits?: Partial<LimitSettings>;
  /**
   * PGlite in a directory keeps a journal beside it (server/store/journal.ts), fsynced before
   * every answer; `false` turns it off (only to measure what it costs).
   */
  journal?: boolean;
  /** What to do when the journal cannot be written: by default log and exit (the supervisor restarts). */
  onJournalFailure?: (error: unknown) => void;
  /** TEST ONLY (the chaos checker's self-test): acknowledge before the commit. */
  unsafeAckBeforeCommit?: boolean;
}

export interface Podium {
  url: string;
  port: number;
  contestId: () => number;
  /** The host key in clear if this start generated or set it; null when an earlier start did. */
  newHostKey: string | null;
  database: OpenDatabase;
  /** Resolves once every committed change has been applied here (and its patches sent). */
  settled(): Promise<void>;
  /** The contest as this process holds it in memory (tests compare it with the database). */
  model(): ContestModel;
  /** PGlite's journal and what opening the directory did (null without a journal). */
  journaled: JournaledDirectory | null;
  close(): Promise<void>;
}

export class ContestFileError extends Error {}


function readContestFile(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContestFileError(`Cannot read the contest file ${path}: ${(error as Error).message}`);
  }
  const parsed = parseContestFile(json);
  if (!parsed.ok) throw new ContestFileError(`The contest file ${path} is invalid:\n${describeProblems(parsed.problems)}`);
  return parsed.contest;
}

export async function startPodium(options: StartOptions): Promise<Podium> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  if (options.redisUrl && options.db.kind !== 'postgres') {
    throw new ContestFileError('PODIUM_REDIS_URL runs several processes on one database: it needs DATABASE_URL (PGlite serves a single process).');
  }
  try {
    parseConfiguredOrigins(options.allowedOrigins);
  } catch (error) {
    throw new ContestFileError((error as Error).message);
  }
  try {
    if (options.limits?.trustProxy) proxyaddr.compile(options.limits.trustProxy.split(',').map((s) => s.trim()));
  } catch (error) {
    throw new ContestFileError(`PODIUM_TRUST_PROXY: ${(error as Error).message}`);
  }
  const journaled =
    options.db.kind === 'pglite' && options.db.dataDir !== null && options.journal !== false
      ? new JournaledDirectory({
          logger,
          onFailure:
            options.onJournalFailure ??
            ((error) => {
              // What the journal holds is unknown now: acknowledging more could lose it. Restart.
              logger.fatal({ err: error }, 'the journal could not be written; stopping');
              process.exit(1);
            }),
        })
      : null;
  const database = await openDatabase(options.db, { logger, ...(journaled ? { openPglite: journaled.open } : {}) });
  let cluster: ClusterLink | null = null;
  let live: ContestLive | null = null;
  let thread: AnalysisThread | null = null;
  try {
    const { db } = database;
    // Several processes may start at once on one PostgreSQL database: one at a time here, so that
    // exactly one of them loads the contest and sets the host key.
    const { hostKey, contestId, loaded } = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${INSTANCE_LOCK})`);
      const key = await ensureHostKey(tx, options.hostKey);
      const existing = await servedContestId(tx);
      if (existing !== null) return { hostKey: key, contestId: existing, loaded: false };
      // Read only when it will be loaded: a moved or edited file must not stop a running contest
      // from restarting. A bad file throws here, inside the transaction, and nothing is written.
      const definition = readContestFile(options.contestFile ?? DEMO_CONTEST_PATH);
      return { hostKey: key, contestId: await writeContest(tx, definition, now()), loaded: true };
    });
    // The journal gets what the directory has beyond it (the host key, a first contest, an older directory).
    await journaled?.syncWith(db);
    if (loaded) logger.info({ contestId, file: options.contestFile ?? 'demo' }, 'contest loaded');
    else if (options.contestFile) {
      logger.warn({ contestId }, 'PODIUM_CONTEST ignored: the database already holds a contest (import a new one from /setup)');
    }

    const checkHostKey = hostKeyChecker(hostKey.hash);
    const startedAt = Date.now();
    cluster = options.redisUrl ? await connectCluster(options.redisUrl, (err) => logger.error({ err }, 'redis')) : null;
    const limits = createLimits({ ...DEFAULT_LIMITS, ...options.limits }, logger, cluster?.store ?? null);
    // Known once the server listens (the port may be chosen by the system).
    let origins: AllowedOrigins = [];
    live = await ContestLive.open(contestId, { db, logger, pollMs: cluster ? 1_000 : null });
    const contest = live;
    thread = new AnalysisThread();
    const analysis = new AnalysisService({ live: contest, run: thread.run, logger });
    // Commands answer once PGlite's journal holds them (and, in the test-only mode, before commit).
    const commands = {
      db, live: contest, now, journal: journaled?.commandJournal ?? undefined, unsafeAckBeforeCommit: options.unsafeAckBeforeCommit === true,
      turns: database.config.kind === 'pglite' ? new CommandTurns() : undefined,
    };
    // The app is the server's request listener before Socket.IO attaches: Socket.IO then takes
    // /socket.io/ requests (long-polling) for itself and passes the rest on. Attached the other
    // way round, both answered a polling request and the second answer crashed the process.
    let realtime: ReturnType<typeof createRealtime> | null = null;
    const app = createApp({
      db,
      logger,
      contestId: () => contest.contestId,
      checkHostKey,
      limits,
      analysis,
      model: () => contest.model,
      publicUrl: () => options.publicUrl ?? null,
      onContestServed: (id, reload) => realtime!.contestReplaced(id, reload),
      judgeView: (judgeId) => realtime?.fanout.judgeSnapshot(judgeId) ?? null,
      commands,
      // A change made through REST (an import, a switch, a restore) answers once the journal has it.
      ...(journaled ? { journalSync: () => journaled.syncWith(db) } : {}),
      databaseKind: database.config.kind,
      startedAt,
      timeZone: checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE),
      metrics: metricsRecorder({ sockets: () => realtime?.io.engine.clientsCount ?? 0, seq: () => contest.model.seq }),
      clientDir: options.clientDir ?? CLIENT_DIR,
    });
    const httpServer = createServer(app);
    realtime = createRealtime(httpServer, {
      ...commands, analysis, logger, checkHostKey, limits,
      allowedOrigins: () => origins,
      ...(cluster ? { adapter: cluster.adapter } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    origins = allowedOrigins(port, options.publicUrl ?? null, options.allowedOrigins);

    return {
      url: `http://127.0.0.1:${port}`,
      port,
      contestId: () => contest.contestId,
      newHostKey: hostKey.newKey,
      database,
      settled: () => contest.settled(),
      model: () => contest.model,
      journaled,
      async close() {
        contest.close();
        realtime.presence.close();
        analysis.close();
        await thread?.close();
        // Drop connections without a goodbye, so that clients see a lost transport and reconnect
        // to the next start by themselves; and do not wait for idle keep-alive connections.
        const closed = new Promise<void>((resolve) => realtime!.io.close(() => resolve()));
        httpServer.closeAllConnections();
        await closed;
        await cluster?.close();
        await database.close();
        await journaled?.journal?.close();
      },
    };
  } catch (error) {
    live?.close();
    await thread?.close();
    await cluster?.close();
    await database.close();
    await journaled?.journal?.close();
    throw error;
  }
}
