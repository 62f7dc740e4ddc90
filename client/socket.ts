/**
 * The one socket module. Each screen opens one connection with its role's credentials; the
 * types come from server/protocol, never copied by hand.
 */
import type { Socket } from 'socket.io-client';
import type { Ack } from '../server/protocol/errors';
import type { ViewRequest } from '../server/protocol/commands';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../server/protocol/events';
import type {
  AnswerOf as RegistryAnswerOf, CommandName, PayloadOf as RegistryPayloadOf, ReadAnswerOf, ReadName, ReadPayloadOf,
} from '../server/protocol/registry';

export type PodiumSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens a connection. The Socket.IO client is loaded on first use rather than with the app, so a
 * judge's pad can draw its sheet (from the view inline in its page) before that library arrives.
 */
export async function openSocket(auth: HandshakeAuth): Promise<PodiumSocket> {
  const { io } = await import('socket.io-client');
  return io({
    auth,
    // Straight to WebSocket, with long-polling as the fallback for hostile hall networks.
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4_000,
    timeout: 8_000,
  });
}

type CommandEvent = CommandName;
export type PayloadOf<E extends CommandEvent> = RegistryPayloadOf<E>;
/** A command's ack: its answer or a refusal. */
export type AnswerOf<E extends CommandEvent> = Ack<RegistryAnswerOf<E>>;

/**
 * Sends a command and resolves with its ack; a missing answer becomes a `timeout` failure (the
 * command may or may not have been applied: idempotent commands are safe to retry).
 */
export async function sendCommand<E extends CommandEvent>(socket: PodiumSocket, event: E, payload: PayloadOf<E>, timeoutMs = 8_000): Promise<AnswerOf<E>> {
  try {
    const emit = socket.timeout(timeoutMs) as unknown as { emitWithAck: (e: E, p: PayloadOf<E>) => Promise<AnswerOf<E>> };
    return await emit.emitWithAck(event, payload);
  } catch {
    return { ok: false, code: 'internal', message: 'timeout', timeout: true } as unknown as AnswerOf<E>;
  }
}

/** Sends a read (no audit record, e.g. `analysis:get`); a missing answer becomes a `timeout` failure. */
export async function sendRead<E extends ReadName>(socket: PodiumSocket, event: E, payload: ReadPayloadOf<E>, timeoutMs = 8_000): Promise<Ack<ReadAnswerOf<E>>> {
  try {
    const emit = socket.timeout(timeoutMs) as unknown as { emitWithAck: (e: E, p: ReadPayloadOf<E>) => Promise<Ack<ReadAnswerOf<E>>> };
    return await emit.emitWithAck(event, payload);
  } catch {
    return { ok: false, code: 'internal', message: 'timeout', timeout: true } as unknown as Ack<ReadAnswerOf<E>>;
  }
}

/** True for a failure that came from no answer at all rather than a refusal. */
export function isTimeout(answer: Ack<unknown>): boolean {
  return !answer.ok && (answer as { timeout?: boolean }).timeout === true;
}

/** Asks for the role's snapshot; null when the server did not answer. */
export async function requestSnapshot<V>(socket: PodiumSocket, request: ViewRequest = {}, timeoutMs = 8_000): Promise<Ack<V> | null> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck('view:sync', request)) as Ack<V>;
  } catch {
    return null;
  }
}
