/**
 * Socket.IO wiring: each connection authenticates at the handshake (host key, judge token, or
 * nothing for public screens), joins only the rooms its role may read, and may send only its
 * role's commands; the others are answered `forbidden` (unknown events `invalid_payload`).
 *
 * Arguments: the ack is the last argument, the payload the first one that is not a function. A
 * command without a payload is answered `invalid_payload`; a call without an ack is still carried
 * out (there is just nobody to answer).
 *
 * Hostile input: a page of a foreign origin cannot connect (server/origins.ts); every event counts
 * against its connection's and its address's rate limits, and wrong credentials against the
 * address's (server/limits.ts); a frame over MAX_FRAME_BYTES is not read (the connection closes).
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Db } from '../../db/open';
import type { AnalysisService } from '../analysis/service';
import type { CommandContext } from '../commands/run';
import { parsePayload, toFailure } from '../errors';
import { handshakeAuth, padReport, viewRequest } from '../protocol/commands';
import { JUDGE_TOKEN } from '../protocol/contestFile';
import type { Ack, ErrorCode } from '../protocol/errors';
import type { Actor } from '../protocol/events';
import {
  COMMANDS, HOST_COMMANDS, HOST_READS, JUDGE_COMMANDS, payloadSchema, READS, readSchema, type AnswerOf, type CommandName, type ReadAnswerOf, type ReadName,
} from '../protocol/registry';
import { findJudgeByToken } from '../store/judges';
import type { ChangeMessage, ContestLive } from '../store/live';
import type { Limits } from '../limits';
import { originAllowed, type AllowedOrigins } from '../origins';
import type { ClusterLink } from './cluster';
import { Fanout } from './fanout';
import { HOST_HANDLERS, HOST_READ_HANDLERS, JUDGE_HANDLERS, type Handler, type ReadContext, type ReadHandler } from './handlers';
import { Presence, type PresenceMessage } from './presence';
import { rooms } from './rooms';
import type { PodiumIo, PodiumSocket } from './types';

export type { PodiumIo };

export interface RealtimeDeps {
  db: Db;
  live: ContestLive;
  /** This process's track analyses (host only). */
  analysis: AnalysisService;
  /** The Redis adapter when several processes serve one contest (server/realtime/cluster.ts). */
  adapter?: ClusterLink['adapter'];
  /** Another process imported a contest: serve it from now on. */
  onContestSwitched?: (contestId: number) => void;
  logger: Logger;
  checkHostKey: (key: string) => Promise<boolean>;
  now: () => number;
  limits: Limits;
  /** Read at each handshake (the list depends on the port, known once the server listens). */
  allowedOrigins: () => AllowedOrigins;
  /** PGlite's journal: commands are acknowledged once on disk there (see CommandContext). */
  journal?: CommandContext['journal'];
  /** PGlite: commands take turns (see CommandContext). */
  turns?: CommandContext['turns'];
  /** TEST ONLY: see CommandContext.unsafeAckBeforeCommit. */
  unsafeAckBeforeCommit?: boolean;
}

/** Socket.IO's `maxHttpBufferSize`: a larger frame is not read and its connection is closed. */
export const MAX_FRAME_BYTES = 256 * 1024;

class HandshakeError extends Error {
  data: { code: ErrorCode; message: string; details?: unknown };
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.data = { code, message, ...(details === undefined ? {} : { details }) };
  }
}

async function authenticate(deps: RealtimeDeps, auth: unknown, address: string): Promise<Actor> {
  // socket.io-client sends `{}` when the caller gives no auth: that is a public screen.
  const given = auth === undefined || auth === null || (typeof auth === 'object' && Object.keys(auth).length === 0) ? { role: 'public' } : auth;
  const parsed = handshakeAuth.safeParse(given);
  if (!parsed.success) throw new HandshakeError('invalid_payload', 'The handshake must say role host (with key), judge (with token) or public.');
  const a = parsed.data;
  if (a.role === 'public') return { role: 'public' };
  // An address that sent too many wrong credentials is not even checked until its block ends.
  const blockedMs = await deps.limits.credentialsBlocked(address);
  if (blockedMs > 0) {
    throw new HandshakeError('rate_limited', `Too many wrong keys or links from this address; try again in ${Math.ceil(blockedMs / 1000)} s.`, { retryAfterMs: blockedMs });
  }
  if (a.role === 'host') {
    if (!(await deps.checkHostKey(a.key))) {
      await deps.limits.credentialsFailed(address, 'host key');
      throw new HandshakeError('unauthorized', 'This host key is not valid.');
    }
    return { role: 'host' };
  }
  // Checked against the database, not memory: a link replaced in another process is refused at
  // once. Something that cannot be a link is not looked up at all.
  const judge = JUDGE_TOKEN.test(a.token) ? await findJudgeByToken(deps.db, deps.live.contestId, a.token) : null;
  if (!judge) {
    await deps.limits.credentialsFailed(address, 'judge link');
    throw new HandshakeError('unauthorized', 'This judge link is not valid. Ask the host for your current link.');
  }
  return { role: 'judge', judgeId: judge.id, name: judge.name };
}

/** Splits a call's arguments into its payload and its ack (the last argument, if a function). */
function splitArgs(args: readonly unknown[]): { payload: unknown; ack: ((answer: unknown) => void) | null } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
  const payload = args.find((a) => typeof a !== 'function');
  return { payload, ack };
}

const COMMON_EVENTS = new Set(['clock:ping', 'view:sync']);
const ALLOWED: Record<Actor['role'], ReadonlySet<string>> = {
  host: new Set([...COMMON_EVENTS, ...HOST_COMMANDS, ...HOST_READS]),
  judge: new Set([...COMMON_EVENTS, ...JUDGE_COMMANDS, 'pad:report']),
  public: COMMON_EVENTS,
};

/** Registers a command or read listener (which parses its own arguments: it accepts anything). */
function listen(socket: PodiumSocket, event: CommandName | ReadName, listener: (...args: unknown[]) => Promise<void>): void {
  socket.on(event, listener);
}

/**
 * Counts every event against the connection's limit, and all but the shared reads (a snapshot, the
 * clock) against the address's too; over them, the event is answered `rate_limited` (or dropped
 * when it has no ack) and not carried out. One closure per connection; the limiters hold nothing
 * for a connection until it sends.
 */
function rateGuard(limits: Limits, socket: PodiumSocket) {
  const address = limits.addressOf(socket.request);
  return ([event, ...args]: unknown[], next: (err?: Error) => void): void => {
    limits.admitEvent(socket.id, address, !COMMON_EVENTS.has(event as string)).then(
      (waitMs) => {
        if (waitMs === 0) return next();
        splitArgs(args).ack?.({ ok: false, code: 'rate_limited', message: `Too many messages; wait ${waitMs} ms and send it again.`, details: { retryAfterMs: waitMs } });
      },
      (error: unknown) => next(error as Error),
    );
  };
}

/** One guard per role, shared by every socket of that role: events outside the role are answered here. */
function roleGuard(role: Actor['role']) {
  const allowed = ALLOWED[role];
  return ([event, ...args]: unknown[], next: (err?: Error) => void): void => {
    if (typeof event === 'string' && allowed.has(event)) return next();
    const { ack } = splitArgs(args);
    if (typeof event === 'string' && (event in COMMANDS || event in READS)) {
      ack?.({ ok: false, code: 'forbidden', message: `A ${role} may not send ${event}.` });
    } else {
      ack?.({ ok: false, code: 'invalid_payload', message: `Unknown event ${JSON.stringify(String(event)).slice(0, 80)}.` });
    }
  };
}
const GUARDS = { host: roleGuard('host'), judge: roleGuard('judge'), public: roleGuard('public') };

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const io: PodiumIo = new Server(httpServer, {
    // Phones on hall Wi-Fi: notice a dead link within ~10 s, but tolerate slow round trips.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // Pages of other sites may not connect; programs (no Origin header) may.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (originAllowed(deps.allowedOrigins(), origin)) return callback(null, true);
      deps.limits.originRefused(origin!);
      callback('origin not allowed', false);
    },
    // Patches are small and sent to thousands of sockets: compressing each copy costs more CPU
    // than it saves bytes (and keeps a zlib context per socket).
    perMessageDeflate: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  const { live, logger } = deps;
  // The fanout sends what the presence gathers; the presence exists before it (and calls it later).
  let fanout: Fanout | null = null;
  const presence = new Presence(live.contestId, {
    now: deps.now,
    publish: deps.adapter ? (message) => io.serverSideEmit('podium:presence', message) : null,
    onFlush: (judgeIds) => fanout?.sendPresence(judgeIds),
  });
  fanout = new Fanout(io, live, logger, presence);
  const views = fanout;
  const ctx: CommandContext = { db: deps.db, live, now: deps.now, journal: deps.journal, turns: deps.turns, unsafeAckBeforeCommit: deps.unsafeAckBeforeCommit === true };
  const readCtx: ReadContext = { analysis: deps.analysis };
  // The analysis status goes to this process's host consoles only (each process computes for its own).
  deps.analysis.onStatus((status) => io.local.to(rooms.host(live.contestId)).emit('analysis:status', status));

  /**
   * Drops this process's connections to the contest served until now (after a moment, so the
   * `contest:replaced` notice leaves first): they reconnect to the one served now. `all`: the
   * served contest kept its id (a restore), so every connection made so far goes; later ones stay.
   */
  function dropStaleSockets(contestId: number, all: boolean): void {
    const stale = [...io.of('/').sockets.values()].filter((socket) => all || socket.data.contestId !== contestId);
    setTimeout(() => {
      for (const socket of stale) socket.disconnect(true);
    }, 300).unref();
  }

  if (deps.adapter) {
    // Every process applies every commit, in seq order, and serves its own sockets from it.
    live.publish = (message) => io.serverSideEmit('podium:changes', message);
    io.on('podium:changes', (message: ChangeMessage) => {
      if (message.contestId === live.contestId) live.offer(message.seq, message.effects);
    });
    io.on('podium:contest', ({ contestId, reload }: { contestId: number; reload: boolean }) => {
      void live.switchTo(contestId, reload).then(() => {
        dropStaleSockets(contestId, reload);
        presence.reset(contestId);
        deps.onContestSwitched?.(contestId);
      });
    });
    io.on('podium:presence', (message: PresenceMessage) => presence.received(message));
  }

  io.use((socket, next) => {
    authenticate(deps, socket.handshake.auth, deps.limits.addressOf(socket.request))
      .then((actor) => {
        socket.data.actor = actor;
        socket.data.contestId = live.contestId;
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof HandshakeError) next(error);
        else {
          logger.error({ err: error }, 'handshake failed');
          next(new HandshakeError('internal', 'The server could not check this connection. Try again.'));
        }
      });
  });

  /** Binds one command's handler: parse, run, ack, one log line. */
  function bindCommand<E extends CommandName, A extends Actor>(socket: PodiumSocket, event: E, actor: A, handler: Handler<E, A>): void {
    const schema = payloadSchema(event);
    const listener = async (...args: unknown[]): Promise<void> => {
      const { payload, ack } = splitArgs(args);
      const reply = (answer: Ack<AnswerOf<E>>) => ack?.(answer);
      const started = performance.now();
      try {
        const outcome = await handler(ctx, actor, parsePayload(schema, payload));
        reply({ ok: true, data: outcome.data });
        logger.info({ actor, action: event, outcome: 'ok', seq: outcome.seq, ms: Math.round(performance.now() - started) }, event);
      } catch (error) {
        const failure = toFailure(error);
        reply(failure);
        const internal = failure.code === 'internal';
        (internal ? logger.error.bind(logger) : logger.info.bind(logger))(
          { actor, action: event, outcome: failure.code, ms: Math.round(performance.now() - started), ...(internal ? { err: error } : { reason: failure.message }) },
          event,
        );
      }
    };
    listen(socket, event, listener);
  }

  /** Binds one read's handler: parse, answer, no audit and no log line unless it fails. */
  function bindRead<E extends ReadName>(socket: PodiumSocket, event: E, handler: ReadHandler<E>): void {
    const schema = readSchema(event);
    const listener = async (...args: unknown[]): Promise<void> => {
      const { payload, ack } = splitArgs(args);
      try {
        const data: ReadAnswerOf<E> = await handler(readCtx, parsePayload(schema, payload));
        ack?.({ ok: true, data });
      } catch (error) {
        const failure = toFailure(error);
        if (failure.code === 'internal') logger.error({ err: error, action: event }, event);
        ack?.(failure);
      }
    };
    listen(socket, event, listener);
  }

  io.on('connection', (socket) => {
    const { actor, contestId } = socket.data;
    socket.use(rateGuard(deps.limits, socket));
    socket.use(GUARDS[actor.role]);
    if (actor.role === 'host') void socket.join(rooms.host(contestId));
    else if (actor.role === 'judge') {
      void socket.join([rooms.judge(contestId, actor.judgeId), rooms.allJudges(contestId)]);
      presence.connected(actor.judgeId, socket.id);
      socket.on('disconnect', () => {
        if (contestId === live.contestId) presence.disconnected(actor.judgeId, socket.id);
      });
      // Not a command: nothing is recorded and nothing answered. A bad report is dropped.
      socket.on('pad:report', (...args: unknown[]) => {
        const parsed = padReport.safeParse(splitArgs(args).payload);
        if (!parsed.success) {
          logger.info({ actor, action: 'pad:report', outcome: 'invalid_payload' }, 'pad:report');
          return;
        }
        if (contestId === live.contestId) presence.reported(actor.judgeId, parsed.data);
      });
    } else void socket.join(rooms.publicContest(contestId));

    socket.on('clock:ping', (...args: unknown[]) => {
      splitArgs(args).ack?.(deps.now());
    });
    socket.on('view:sync', (...args: unknown[]) => {
      const { payload, ack } = splitArgs(args);
      if (!ack) return;
      try {
        if (contestId !== live.contestId) {
          ack({ ok: false, code: 'invalid_state', message: 'The contest was replaced; reload.' });
          return;
        }
        const request = parsePayload(viewRequest, payload ?? {});
        if (actor.role === 'judge') {
          const view = views.judgeSnapshot(actor.judgeId);
          ack(view ? { ok: true, data: view } : { ok: false, code: 'unauthorized', message: 'This judge link is no longer valid.' });
        } else if (actor.role === 'host') {
          ack({ ok: true, data: views.hostSnapshot() });
        } else {
          const view = views.publicSnapshot(request.tracks);
          // The screen listens to exactly the tracks it shows.
          const wanted = new Set(view.tracks.map((t) => rooms.publicTrack(contestId, t.key)));
          for (const room of socket.rooms) if (room.startsWith(`${rooms.publicContest(contestId)}:`) && !wanted.has(room)) void socket.leave(room);
          void socket.join([...wanted]);
          ack({ ok: true, data: view });
        }
      } catch (error) {
        if (toFailure(error).code === 'internal') logger.error({ err: error }, 'view:sync failed');
        ack(toFailure(error));
      }
    });

    // The role's handlers, bound in one loop; each keeps its event's payload and answer types.
    if (actor.role === 'host') {
      for (const event of HOST_COMMANDS) (<E extends typeof event>(e: E) => bindCommand(socket, e, actor, HOST_HANDLERS[e]))(event);
      for (const event of HOST_READS) (<E extends typeof event>(e: E) => bindRead(socket, e, HOST_READ_HANDLERS[e]))(event);
    } else if (actor.role === 'judge') {
      for (const event of JUDGE_COMMANDS) (<E extends typeof event>(e: E) => bindCommand(socket, e, actor, JUDGE_HANDLERS[e]))(event);
    }
  });

  return {
    io,
    fanout: views,
    presence,
    /**
     * Serves another contest: tells the clients of the one served so far, then drops them so they
     * reconnect to it (every process does). `reload`: the served contest's rows were replaced
     * under the same id (a restore), so it is loaded again and every client goes.
     */
    async contestReplaced(contestId: number, reload = false): Promise<void> {
      const previous = live.contestId;
      await live.switchTo(contestId, reload);
      presence.reset(contestId);
      if (deps.adapter) io.serverSideEmit('podium:contest', { contestId, reload });
      io.to([rooms.host(previous), rooms.publicContest(previous), rooms.allJudges(previous)]).emit('contest:replaced', contestId);
      dropStaleSockets(contestId, reload);
    },
  };
}
