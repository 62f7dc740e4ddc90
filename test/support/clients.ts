/** Real socket.io-clients over loopback, typed with the protocol, and small helpers to use them. */
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/protocol/errors';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol/events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const open: TestSocket[] = [];

/** Connects and resolves once connected (rejects with the server's refusal). */
export function connect(url: string, auth: HandshakeAuth): Promise<TestSocket> {
  const socket: TestSocket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(Object.assign(new Error(err.message), { data: (err as { data?: unknown }).data })));
  });
}

export function closeAllSockets(): void {
  for (const s of open.splice(0)) s.disconnect();
}

type AnyCommand = Exclude<keyof ClientToServerEvents, 'clock:ping' | 'view:sync'>;
type PayloadOf<E extends AnyCommand> = Parameters<ClientToServerEvents[E]>[0];
type AnswerOf<E extends AnyCommand> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** Sends a command and resolves with its ack (fails the test after 10 s without one). */
export function send<E extends AnyCommand>(socket: TestSocket, event: E, payload: PayloadOf<E> | unknown): Promise<AnswerOf<E>> {
  return (socket.timeout(10_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<AnswerOf<E>> }).emitWithAck(event, payload);
}

/** Like send, but expects success and returns the data. */
export async function ok<E extends AnyCommand>(socket: TestSocket, event: E, payload: PayloadOf<E>) {
  const answer = (await send(socket, event, payload)) as Ack<unknown>;
  if (!answer.ok) throw new Error(`${event} refused: ${answer.code}: ${answer.message}`);
  return answer.data as Extract<AnswerOf<E>, { ok: true }>['data'];
}

export async function sync<V>(socket: TestSocket): Promise<V> {
  const answer = (await socket.timeout(10_000).emitWithAck('view:sync')) as Ack<V>;
  if (!answer.ok) throw new Error(`view:sync refused: ${answer.code}`);
  return answer.data;
}

/**
 * Resolves with the first `event` payload that satisfies `predicate`, or rejects after `ms`.
 * Start waiting BEFORE sending the command that causes it.
 */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} matching within ${ms} ms`));
    }, ms);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
