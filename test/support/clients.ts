/** Real socket.io-clients over loopback, typed with the protocol, and small helpers to use them. */
import { io, type Socket } from 'socket.io-client';
import type { ViewRequest } from '../../server/protocol/commands';
import type { Ack } from '../../server/protocol/errors';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol/events';
import {
  applyHostOps, applyJudgeOps, applyPublicOps, hostTopics, hostVersionOf, publicTopics, topics, ViewFollower, type HostOp, type JudgeOp, type Patch, type PublicOp,
} from '../../server/protocol/patches';
import type {
  AnswerOf as RegistryAnswerOf, CommandName, PayloadOf as RegistryPayloadOf, ReadAnswerOf, ReadName, ReadPayloadOf,
} from '../../server/protocol/registry';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const open: TestSocket[] = [];

/**
 * Connects and resolves once connected (rejects with the server's refusal). Test sockets do not
 * reconnect unless asked (`reconnect: true`, as the real clients do).
 */
export function connect(url: string, auth: HandshakeAuth, options: { reconnect?: boolean } = {}): Promise<TestSocket> {
  const socket: TestSocket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: options.reconnect ?? false, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(Object.assign(new Error(err.message), { data: (err as { data?: unknown }).data })));
  });
}

export function closeAllSockets(): void {
  for (const s of open.splice(0)) s.disconnect();
}

type AnyCommand = CommandName;
type PayloadOf<E extends AnyCommand> = RegistryPayloadOf<E>;
type AnswerOf<E extends AnyCommand> = Ack<RegistryAnswerOf<E>>;

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

/** Sends a read (`analysis:get`) and resolves with its ack (anything may be sent: tests send bad payloads too). */
export function request<E extends ReadName>(socket: TestSocket, event: E, payload: ReadPayloadOf<E> | unknown): Promise<Ack<ReadAnswerOf<E>>> {
  return (socket.timeout(10_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<ReadAnswerOf<E>>> }).emitWithAck(event, payload);
}

export async function sync<V>(socket: TestSocket, request: ViewRequest = {}): Promise<V> {
  const answer = (await socket.timeout(10_000).emitWithAck('view:sync', request)) as Ack<V>;
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

type ViewKind = 'host' | 'public' | 'judge';
type ViewOf<K extends ViewKind> = K extends 'host' ? HostView : K extends 'public' ? PublicView : JudgeView;

/** A patch as a test saw it, with its size on the wire (JSON bytes). */
export interface SeenPatch {
  topic: string;
  seq: number;
  prev: number;
  ops: unknown[];
  bytes: number;
}

/** A role's view kept current the way the clients keep it: a snapshot, then versioned patches. */
export interface LiveView<V> {
  readonly socket: TestSocket;
  /** The view as the patches made it so far. */
  current(): V;
  /** Every patch received, in order. */
  readonly patches: SeenPatch[];
  /** How many snapshots were taken (the first one, then one per gap or `view:stale`). */
  snapshots(): number;
  /** Resolves with the view once `predicate` holds (now or after a later patch), or rejects after `ms`. */
  until(predicate: (view: V) => boolean, ms?: number): Promise<V>;
}

/** Keeps `socket`'s view current from its snapshot and patches, as the clients do (start it before the commands). */
export async function live<K extends ViewKind>(
  socket: TestSocket,
  kind: K,
  request: ViewRequest = {},
  options: { drop?: (patch: SeenPatch) => boolean } = {},
): Promise<LiveView<ViewOf<K>>> {
  type V = ViewOf<K>;
  const follower = new ViewFollower<V, unknown>(
    (v) => (kind === 'host' ? hostTopics() : kind === 'judge' ? [topics.judge((v as JudgeView).judge.id)] : publicTopics((v as PublicView).tracks.map((t) => t.key))),
    (v, seq, ops) =>
      (kind === 'host'
        ? applyHostOps(v as HostView, seq, ops as HostOp[])
        : kind === 'judge'
          ? applyJudgeOps(v as JudgeView, seq, ops as JudgeOp[])
          : applyPublicOps(v as PublicView, seq, ops as PublicOp[])) as V,
    (v, topic) => (kind === 'host' ? hostVersionOf(v as HostView, topic) : v.seq),
  );
  let snapshots = 0;
  let syncing: Promise<void> | null = null;
  const patches: SeenPatch[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  const resync = () => {
    syncing ??= sync<V>(socket, request).then((v) => {
      if (follower.snapshot(v)) snapshots++;
      syncing = null;
      wake();
    });
    return syncing;
  };
  const take = (patch: Patch<unknown>) => {
    const seen = { ...patch, bytes: Buffer.byteLength(JSON.stringify(patch)) };
    patches.push(seen);
    // A test may lose a patch on purpose, as a dropped message would be lost.
    if (syncing || options.drop?.(seen)) return;
    if (follower.patch(patch) === 'gap') void resync();
    wake();
  };
  if (kind === 'host') socket.on('host:patch', take);
  else if (kind === 'judge') socket.on('judge:patch', take);
  else socket.on('public:patch', take);
  socket.on('view:stale', () => void resync());
  // A reconnect may land on another server process: its versions mean nothing to the old ones.
  let connects = 0;
  socket.on('connect', () => {
    if (connects++ === 0) return;
    follower.reset();
    void resync();
  });
  if (socket.connected) connects = 1;
  await resync();
  return {
    socket,
    current: () => follower.view!,
    patches,
    snapshots: () => snapshots,
    until(predicate, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const view = follower.view;
          if (view && predicate(view)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(view);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the ${kind} view did not reach the expected state within ${ms} ms`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}
