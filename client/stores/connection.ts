/**
 * Binds a socket to a role's view: a snapshot on every (re)connect, then the small versioned
 * patches that follow it (server/protocol/patches.ts). Each topic of the view keeps its version;
 * a patch older than it is dropped, one that skips a version makes the screen ask for a fresh
 * snapshot, so a message lost while offline can never leave a screen wrong. Used by the role stores.
 */
import { ref, type Ref } from 'vue';
import type { ViewRequest } from '../../server/protocol/commands';
import { ViewFollower, type Patch } from '../../server/protocol/patches';
import { useServerClock } from '../composables/useServerClock';
import { requestSnapshot, type PodiumSocket } from '../socket';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface LiveConnection {
  status: Ref<ConnectionStatus>;
  /** Set when the server refused the credentials (a wrong link or key): retrying will not help. */
  authError: Ref<string | null>;
  /** Asks for a fresh snapshot (e.g. a screen that now shows other tracks). */
  resync(): void;
  close(): void;
}

/** Refs a store owns and the connection keeps up to date. */
export interface ConnectionRefs {
  status: Ref<ConnectionStatus>;
  authError: Ref<string | null>;
}

export function connectionRefs(): ConnectionRefs {
  return { status: ref<ConnectionStatus>('connecting'), authError: ref<string | null>(null) };
}

export interface ViewBinding<V extends { seq: number }, Op> {
  /** Subscribes to the role's patch event (`socket.on('host:patch', take)`). */
  listen: (take: (patch: Patch<Op>) => void) => void;
  /** The topics a snapshot covers (server/protocol/patches.ts `topics`). */
  topicsOf: (view: V) => string[];
  /** The version a snapshot holds of a topic, when not its `seq` (the host's presence). */
  versionOf?: (view: V, topic: string) => number;
  applyOps: (view: V, seq: number, ops: Op[]) => V;
  apply: (view: V) => void;
  /** What to ask for (public screens name their tracks). */
  request?: () => ViewRequest;
  /**
   * Another contest is served now: by default the page loads again. A page that caused the
   * switch itself (/setup) may keep its state: the socket is dropped and reconnects to the new
   * contest, whose snapshot follows.
   */
  onReplaced?: () => void;
}

export function bindLiveView<V extends { seq: number }, Op>(
  socket: PodiumSocket,
  binding: ViewBinding<V, Op>,
  refs: ConnectionRefs = connectionRefs(),
): LiveConnection {
  const { status, authError } = refs;
  status.value = socket.connected ? 'online' : 'connecting';
  const clock = useServerClock(socket);
  const follower = new ViewFollower<V, Op>(binding.topicsOf, binding.applyOps, binding.versionOf);
  let syncing = false;
  let syncAgain = false;

  const resync = async (): Promise<void> => {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    try {
      let refusals = 0;
      do {
        syncAgain = false;
        const answer = await requestSnapshot<V>(socket, binding.request?.() ?? {});
        if (answer?.ok) {
          if (follower.snapshot(answer.data)) binding.apply(answer.data);
        } else if (answer?.code === 'unauthorized') {
          authError.value = answer.message;
        } else {
          // No answer, or not now (rate_limited, the database away): a screen must not stay
          // without its view until the next patch, which may be many minutes away. Ask again
          // when the server says, or after a growing wait; spread, so a hall of phones does not
          // come back all at once.
          const asked = (answer?.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
          const wait = typeof asked === 'number' ? Math.min(asked, 60_000) : Math.min(30_000, 1_000 * 2 ** refusals);
          refusals++;
          await new Promise((resolve) => setTimeout(resolve, wait * (1 + Math.random() / 2)));
          syncAgain = true;
        }
      } while (syncAgain && socket.connected);
    } finally {
      syncing = false;
    }
  };

  const take = (patch: Patch<Op>) => {
    // Patches sent before the snapshot being fetched are in it: nothing to do until it arrives.
    if (syncing) return;
    const verdict = follower.patch(patch);
    if (verdict === 'gap') void resync();
    else if (verdict === 'apply') binding.apply(follower.view!);
  };

  binding.listen(take);
  socket.on('view:stale', () => void resync());
  socket.on('connect', () => {
    status.value = 'online';
    // Another process may serve this connection: its versions mean nothing to the old ones.
    follower.reset();
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
    const data = (err as { data?: { code?: string; message?: string; details?: { retryAfterMs?: unknown } } }).data;
    if (data?.code === 'unauthorized' || data?.code === 'invalid_payload') {
      authError.value = data.message ?? err.message;
      socket.disconnect();
    } else if (data?.code) {
      // The server refused this handshake for now (rate_limited, its database away): socket.io
      // does not try again after a refusal, so come back when the server says (or in 2 s).
      const wait = typeof data.details?.retryAfterMs === 'number' ? Math.min(data.details.retryAfterMs, 60_000) : 2_000;
      setTimeout(() => {
        if (!socket.connected && !authError.value) socket.connect();
      }, wait);
    }
    status.value = 'offline';
  });
  socket.on('contest:replaced', () => {
    if (binding.onReplaced) binding.onReplaced();
    else globalThis.location?.reload();
  });
  if (socket.connected) void resync();

  return {
    status,
    authError,
    resync: () => void resync(),
    close() {
      clock.stop();
      socket.disconnect();
    },
  };
}
