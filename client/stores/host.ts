/**
 * The host console's state: the host view, live, and the commands the host sends. The host key
 * arrives once in the link (`/host#key=...`), is kept on this laptop, and is removed from the
 * address bar so it does not end up on the projector or in a screenshot.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HostView } from '../../server/protocol/views';
import { openSocket, sendCommand, type AnswerOf, type PayloadOf, type PodiumSocket } from '../socket';
import { bindLiveView, connectionRefs, type LiveConnection } from './connection';

const KEY_STORAGE = 'podium.hostKey';

function keyFromLocation(): string | null {
  const hash = globalThis.location?.hash ?? '';
  const match = /(?:^#|&)key=([^&]+)/.exec(hash);
  if (!match) return null;
  const key = decodeURIComponent(match[1]!);
  globalThis.history?.replaceState(null, '', `${location.pathname}${location.search}`);
  return key;
}

type HostEvent = Parameters<typeof sendCommand>[1];

export const useHostStore = defineStore('host', () => {
  const view = shallowRef<HostView | null>(null);
  const refs = connectionRefs();
  const key = ref<string | null>(null);
  let socket: PodiumSocket | null = null;
  let connection: LiveConnection | null = null;

  /** Reads the key from the link or this laptop; true when there is one to try. */
  function loadKey(): boolean {
    const fromLink = keyFromLocation();
    if (fromLink) globalThis.localStorage?.setItem(KEY_STORAGE, fromLink);
    key.value = fromLink ?? globalThis.localStorage?.getItem(KEY_STORAGE) ?? null;
    return key.value !== null;
  }

  function connect(newKey?: string): void {
    if (newKey) {
      key.value = newKey;
      globalThis.localStorage?.setItem(KEY_STORAGE, newKey);
    }
    if (!key.value) return;
    connection?.close();
    socket = openSocket({ role: 'host', key: key.value });
    connection = bindLiveView(socket, 'host:state', () => view.value?.seq ?? -1, (v) => (view.value = v), refs);
  }

  function forgetKey(): void {
    connection?.close();
    connection = null;
    socket = null;
    key.value = null;
    view.value = null;
    globalThis.localStorage?.removeItem(KEY_STORAGE);
  }

  /** Sends a host command; resolves with its ack. */
  async function run<E extends HostEvent>(event: E, payload: PayloadOf<E>): Promise<AnswerOf<E>> {
    if (!socket) return { ok: false, code: 'unauthorized', message: 'Not connected.' } as AnswerOf<E>;
    return sendCommand(socket, event, payload);
  }

  return {
    view,
    key,
    status: refs.status,
    authError: refs.authError,
    loadKey,
    connect,
    forgetKey,
    run,
    tracks: computed(() => view.value?.tracks ?? []),
    judges: computed(() => view.value?.judges ?? []),
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHostStore, import.meta.hot));
