/**
 * Socket.IO wiring: each connection authenticates at the handshake (host key, judge token, or
 * nothing for public screens), joins only the rooms its role may read, and may send only its
 * role's commands; the others are answered `forbidden`.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Db } from '../../db/open';
import type { CommandContext } from '../commands/run';
import { toFailure } from '../errors';
import { handshakeAuth } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { HOST_COMMANDS, JUDGE_COMMANDS } from '../protocol/registry';
import { findJudgeByToken } from '../store/judges';
import { loadSnapshot } from '../store/snapshot';
import { buildHostView } from '../views/host';
import { buildJudgeView } from '../views/judge';
import { buildPublicView } from '../views/public';
import { computeAllResults } from '../views/results';
import { Broadcaster } from './broadcast';
import { forbiddenListener } from './command';
import { bindHostCommands } from './host';
import type { ClusterLink } from './cluster';
import { bindJudgeCommands } from './judge';
import { rooms } from './rooms';
import type { PodiumIo } from './types';

export type { PodiumIo };


export interface RealtimeDeps {
  db: Db;
  /** The Redis adapter when several processes serve one contest (server/realtime/cluster.ts). */
  adapter?: ClusterLink['adapter'];
  /** Another process imported a contest: serve it from now on. */
  onContestSwitched?: (contestId: number) => void;
  logger: Logger;
  contestId: () => number;
  checkHostKey: (key: string) => Promise<boolean>;
  now: () => number;
}

class HandshakeError extends Error {
  data: { code: string; message: string };
  constructor(code: string, message: string) {
    super(message);
    this.data = { code, message };
  }
}

async function authenticate(deps: RealtimeDeps, auth: unknown): Promise<Actor> {
  const parsed = handshakeAuth.safeParse(auth ?? { role: 'public' });
  if (!parsed.success) throw new HandshakeError('invalid_payload', 'The handshake must say role host (with key), judge (with token) or public.');
  const a = parsed.data;
  if (a.role === 'public') return { role: 'public' };
  if (a.role === 'host') {
    if (!(await deps.checkHostKey(a.key))) throw new HandshakeError('unauthorized', 'This host key is not valid.');
    return { role: 'host' };
  }
  const judge = await findJudgeByToken(deps.db, deps.contestId(), a.token);
  if (!judge) throw new HandshakeError('unauthorized', 'This judge link is not valid. Ask the host for your current link.');
  return { role: 'judge', judgeId: judge.id, name: judge.name };
}

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const io: PodiumIo = new Server(httpServer, {
    // Phones on hall Wi-Fi: notice a dead link within ~10 s, but tolerate slow round trips.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 256 * 1024,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  io.on('podium:contest', (contestId) => deps.onContestSwitched?.(contestId));
  const broadcaster = new Broadcaster(io, deps.db, deps.contestId, (err) => deps.logger.error({ err }, 'broadcast failed'));
  const listenerDeps = { logger: deps.logger, broadcast: (scope: Parameters<Broadcaster['request']>[0]) => broadcaster.request(scope) };
  const ctx = (): CommandContext => ({ db: deps.db, contestId: deps.contestId(), now: deps.now });

  io.use((socket, next) => {
    authenticate(deps, socket.handshake.auth)
      .then((actor) => {
        socket.data.actor = actor;
        socket.data.contestId = deps.contestId();
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof HandshakeError) next(error);
        else {
          deps.logger.error({ err: error }, 'handshake failed');
          next(new HandshakeError('internal', 'The server could not check this connection. Try again.'));
        }
      });
  });

  io.on('connection', (socket) => {
    const { actor, contestId } = socket.data;
    if (actor.role === 'host') void socket.join(rooms.host(contestId));
    else if (actor.role === 'judge') void socket.join(rooms.judge(contestId, actor.judgeId));
    else void socket.join(rooms.public(contestId));

    socket.on('clock:ping', (ack) => {
      if (typeof ack === 'function') ack(deps.now());
    });
    socket.on('view:sync', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        const state = await loadSnapshot(deps.db, contestId);
        if (actor.role === 'judge') {
          const view = buildJudgeView(state, actor.judgeId);
          ack(view ? { ok: true, data: view } : { ok: false, code: 'unauthorized', message: 'This judge link is no longer valid.' });
        } else {
          const results = computeAllResults(state);
          ack({ ok: true, data: actor.role === 'host' ? buildHostView(state, results) : buildPublicView(state, results) });
        }
      } catch (error) {
        deps.logger.error({ err: error }, 'view:sync failed');
        ack(toFailure(error));
      }
    });

    if (actor.role === 'host') bindHostCommands(socket, ctx, listenerDeps);
    else for (const event of HOST_COMMANDS) socket.on(event, forbiddenListener(actor.role, event) as never);
    if (actor.role === 'judge') bindJudgeCommands(socket, ctx, listenerDeps);
    else for (const event of JUDGE_COMMANDS) socket.on(event, forbiddenListener(actor.role, event) as never);
  });

  return {
    io,
    broadcaster,
    /** Tells every client the contest changed, then drops them so they reconnect to the new one. */
    contestReplaced(contestId: number): void {
      // Other processes exist only with a cluster adapter; the default one prints a warning instead.
      if (deps.adapter) io.serverSideEmit('podium:contest', contestId);
      io.emit('contest:replaced', contestId);
      // Give the notice a moment to leave before the connections drop.
      setTimeout(() => io.disconnectSockets(), 300).unref();
    },
  };
}
