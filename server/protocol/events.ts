/**
 * The Socket.IO contract, defined once and imported by both sides:
 * `new Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>` and
 * `Socket<ServerToClientEvents, ClientToServerEvents>`. Commands are `area:verb` and answer through
 * an ack; broadcasts are `<role>:state` views. docs/protocol.md is checked against this file.
 */
import type { z } from 'zod';
import type * as C from './commands';
import type { Ack } from './errors';
import type { HostView, JudgeView, PublicView } from './views';

/** What a client sends at the handshake (`io(url, { auth })`). */
export type HandshakeAuth = z.infer<typeof C.handshakeAuth>;

export type Role = HandshakeAuth['role'];

type Command<P, R = null> = (payload: P, ack: (answer: Ack<R>) => void) => void;

export interface HostCommands {
  'stage:call': Command<C.CallEntry>;
  'stage:next': Command<C.CallNext, { entryId: number }>;
  'stage:advance': Command<C.AdvanceStage>;
  'stage:close': Command<C.CloseScoring>;
  'stage:reopen': Command<C.ReopenScoring>;
  'entry:status': Command<C.SetEntryStatus>;
  'timer:pause': Command<C.TimerControl>;
  'timer:resume': Command<C.TimerControl>;
  'timer:extend': Command<C.ExtendTimer>;
  'order:set': Command<C.SetOrder>;
  'order:draw': Command<C.DrawOrder, { seed: string; entryIds: number[] }>;
  'recusal:set': Command<C.SetRecusal>;
  'tie:resolve': Command<C.ResolveTie>;
  'display:set': Command<C.SetDisplay>;
  'ceremony:show': Command<C.CeremonyStep>;
  'judge:relink': Command<C.RelinkJudge>;
}

export interface JudgeCommands {
  'sheet:save': Command<C.SaveDraft, { rev: number; savedAt: string }>;
  'sheet:submit': Command<C.SubmitSheet, { submittedAt: string; submitCount: number; total: number }>;
  'judge:signoff': Command<C.SignOff, { signedOffAt: string }>;
}

export interface CommonCommands {
  /** Server clock reading for the client's offset estimate (not a command; no audit). */
  'clock:ping': (ack: (serverNow: number) => void) => void;
  /** A fresh snapshot of the caller's view; called on every (re)connect. */
  'view:sync': (ack: (answer: Ack<PublicView | HostView | JudgeView>) => void) => void;
}

export type ClientToServerEvents = HostCommands & JudgeCommands & CommonCommands;

export interface ServerToClientEvents {
  'public:state': (view: PublicView) => void;
  'host:state': (view: HostView) => void;
  'judge:state': (view: JudgeView) => void;
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
