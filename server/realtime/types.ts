import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../protocol/events';
import type { ChangeMessage } from '../store/live';
import type { PresenceMessage } from './presence';

/** Messages between Podium processes of one cluster (through the Redis adapter). */
export interface InterServerEvents {
  /** A process committed a command: every process applies its effects to its model. */
  'podium:changes': (message: ChangeMessage) => void;
  /** A process imported a new contest; every process serves it from now on. */
  'podium:contest': (message: { contestId: number; reload: boolean }) => void;
  /** Judges' pads connected to a process, and what they reported (server/realtime/presence.ts). */
  'podium:presence': (message: PresenceMessage) => void;
}

export type PodiumIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type PodiumSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
