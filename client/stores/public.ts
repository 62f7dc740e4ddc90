/** What the public screens (board, ceremony, home) show: the public view, live. */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { PublicView } from '../../server/protocol/views';
import { openSocket } from '../socket';
import { bindLiveView, connectionRefs } from './connection';

export const usePublicStore = defineStore('public', () => {
  const view = shallowRef<PublicView | null>(null);
  const refs = connectionRefs();
  let opening: Promise<void> | null = null;

  /** Opens the connection once; later calls do nothing. */
  function connect(): void {
    if (opening) return;
    opening = openSocket({ role: 'public' }).then((socket) => {
      bindLiveView(socket, 'public:state', () => view.value?.seq ?? -1, (v) => (view.value = v), refs);
    });
  }

  function track(key: string | null | undefined) {
    return view.value?.tracks.find((t) => t.key === key) ?? null;
  }

  return {
    view,
    status: refs.status,
    connect,
    track,
    contest: computed(() => view.value?.contest ?? null),
    tracks: computed(() => view.value?.tracks ?? []),
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePublicStore, import.meta.hot));
