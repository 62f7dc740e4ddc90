/**
 * The Socket.IO contract, defined once and imported by both sides:
 * `new Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>` and
 * `Socket<ServerToClientEvents, ClientToServerEvents>`. The command events are derived from the
 * registry (registry.ts), so a payload or answer type cannot differ between the two sides, the
 * server's handlers and the documentation.
 */
import type { z } from 'zod';
import type { AnalysisStatus } from './analysis';
import type * as C from './commands';
import type { Ack, CommandFailure } from './errors';
import type { HostOp, JudgeOp, Patch, PublicOp } from './patches';
import type { AnswerOf, CommandName, HostCommandName, JudgeCommandName, PayloadOf, ReadAnswerOf, ReadName, ReadPayloadOf } from './registry';
import type { HostView, JudgeView, PublicView } from './views';

/** What a client sends at the handshake (`io(url, { auth })`); none at all means a public screen. */
export type HandshakeAuth = z.infer<typeof C.handshakeAuth>;

export type Role = HandshakeAuth['role'];

export type CommandEvent<E extends CommandName> = (payload: PayloadOf<E>, ack: (answer: Ack<AnswerOf<E>>) => void) => void;

export type ReadEvent<E extends ReadName> = (payload: ReadPayloadOf<E>, ack: (answer: Ack<ReadAnswerOf<E>>) => void) => void;

export type HostCommands = { [E in HostCommandName]: CommandEvent<E> };
/** Host reads (no audit record): `analysis:get`. */
export type HostReads = { [E in ReadName]: ReadEvent<E> };
export type JudgeCommands = { [E in JudgeCommandName]: CommandEvent<E> };

export type AnyView = PublicView | HostView | JudgeView;

export interface CommonCommands {
  /** Server clock reading for the client's offset estimate (not a command; no audit); over the rate limit, a `rate_limited` failure. */
  'clock:ping': (ack: (serverNow: number | CommandFailure) => void) => void;
  /** A fresh snapshot of the caller's view; called on every (re)connect and after a gap. */
  'view:sync': (request: C.ViewRequest, ack: (answer: Ack<AnyView>) => void) => void;
}

/** Signals (registry.ts `SIGNALS`): no answer, nothing recorded. */
export interface Signals {
  /** The judge pad's unsent work. */
  'pad:report': (report: C.PadReport) => void;
}

export type ClientToServerEvents = HostCommands & JudgeCommands & HostReads & CommonCommands & Signals;

export interface ServerToClientEvents {
  'public:patch': (patch: Patch<PublicOp>) => void;
  'host:patch': (patch: Patch<HostOp>) => void;
  'judge:patch': (patch: Patch<JudgeOp>) => void;
  /** To the host only: where a track's analysis stands (ask `analysis:get` for it). */
  'analysis:status': (status: AnalysisStatus) => void;
  /** The configuration changed (or the server lost track): ask for a fresh snapshot. */
  'view:stale': () => void;
  /** A new contest was imported: reload everything. */
  'contest:replaced': (contestId: number) => void;
}

export type Actor =
  | { role: 'host' }
  | { role: 'judge'; judgeId: number; name: string }
  | { role: 'public' };

export interface SocketData {
  actor: Actor;
  contestId: number;
}
