import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../protocol/events';
import type { ChangeMessage } from '../store/live';

/** Messages between Podium processes of one cluster (through the Redis adapter). */
export interface InterServerEvents {
  /** A process committed a command: every process applies its effects to its model. */
  'podium:changes': (message: ChangeMessage) => void;
  /** A process imported a new contest; every process serves it from now on. */
  'podium:contest': (message: { contestId: number; reload: boolean }) => void;
}

export type PodiumIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type PodiumSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
