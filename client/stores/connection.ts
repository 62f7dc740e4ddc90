/**
 * Binds a socket to a role's view: applies every broadcast that is not older than what the screen
 * already shows (by `seq`), and fetches a fresh snapshot on every (re)connect, so a message lost
 * while offline can never leave a screen wrong. Used by the role stores.
 */
import { ref, type Ref } from 'vue';
import type { ServerToClientEvents } from '../../server/protocol/events';
import { useServerClock } from '../composables/useServerClock';
import { requestSnapshot, type PodiumSocket } from '../socket';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface LiveConnection {
  status: Ref<ConnectionStatus>;
  /** Set when the server refused the credentials (a wrong link or key): retrying will not help. */
  authError: Ref<string | null>;
  close(): void;
}

type StateEvent = 'public:state' | 'host:state' | 'judge:state';
type ViewOf<E extends StateEvent> = Parameters<ServerToClientEvents[E]>[0];

/** Refs a store owns and the connection keeps up to date. */
export interface ConnectionRefs {
  status: Ref<ConnectionStatus>;
  authError: Ref<string | null>;
}

export function connectionRefs(): ConnectionRefs {
  return { status: ref<ConnectionStatus>('connecting'), authError: ref<string | null>(null) };
}

export function bindLiveView<E extends StateEvent>(
  socket: PodiumSocket,
  event: E,
  currentSeq: () => number,
  apply: (view: ViewOf<E>) => void,
  refs: ConnectionRefs = connectionRefs(),
): LiveConnection {
  const { status, authError } = refs;
  status.value = socket.connected ? 'online' : 'connecting';
  const clock = useServerClock(socket);

  const take = (view: ViewOf<E>) => {
    if (view.seq >= currentSeq()) apply(view);
  };
  const resync = async () => {
    const answer = await requestSnapshot<ViewOf<E>>(socket);
    if (!answer) return;
    if (answer.ok) {
      // Not older than what a broadcast already brought (seq only grows): the answer to a sync
      // can arrive after a broadcast sent later.
      if (answer.data.seq >= currentSeq()) apply(answer.data);
    } else if (answer.code === 'unauthorized') authError.value = answer.message;
  };

  socket.on(event, take as never);
  socket.on('connect', () => {
    status.value = 'online';
    authError.value = null;
    void resync();
  });
  socket.on('disconnect', (reason) => {
    status.value = 'offline';
    // socket.io does not come back by itself after a server-side disconnect (a server shutting
    // down, a contest switch): screens must, or a queued sheet would wait forever.
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!socket.connected && !authError.value) socket.connect();
      }, 1_000);
    }
  });
  socket.on('connect_error', (err) => {
    const data = (err as { data?: { code?: string; message?: string } }).data;
    if (data?.code === 'unauthorized' || data?.code === 'invalid_payload') {
      authError.value = data.message ?? err.message;
      socket.disconnect();
    }
    status.value = 'offline';
  });
  socket.on('contest:replaced', () => {
    globalThis.location?.reload();
  });
  if (socket.connected) void resync();

  return {
    status,
    authError,
    close() {
      clock.stop();
      socket.disconnect();
    },
  };
}
