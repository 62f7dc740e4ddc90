/** What the public screens (board, ceremony, phones in the hall, home) show: the public view, live. */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { applyPublicOps, publicTopics } from '../../server/protocol/patches';
import type { PublicView } from '../../server/protocol/views';
import { openSocket } from '../socket';
import { bindLiveView, connectionRefs } from './connection';

export const usePublicStore = defineStore('public', () => {
  const view = shallowRef<PublicView | null>(null);
  const refs = connectionRefs();
  let opening: Promise<void> | null = null;

  /**
   * Opens the connection once; later calls do nothing. `tracks` limits the view (and the updates
   * this screen receives) to those tracks: a screen pinned to one hall needs nothing of the other.
   */
  function connect(tracks?: readonly string[]): void {
    if (opening) return;
    opening = openSocket({ role: 'public' }).then((socket) => {
      bindLiveView(
        socket,
        {
          listen: (take) => socket.on('public:patch', take),
          topicsOf: (v) => publicTopics(v.tracks.map((t) => t.key)),
          applyOps: applyPublicOps,
          apply: (v) => (view.value = v),
          request: () => (tracks ? { tracks: [...tracks] } : {}),
        },
        refs,
      );
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
