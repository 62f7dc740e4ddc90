/**
 * The track analyses the console shows (host only): what the server answered to `analysis:get`
 * per track, and where each stands (`analysis:status`: out of date, a pass being computed, a
 * pass ready). A track is fetched once something shows it (`want`), again whenever the server
 * says a newer pass is ready, and after every reconnect. The figures are the server's; nothing is
 * computed here.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { shallowRef, watch } from 'vue';
import type { AnalysisAnswer, AnalysisStatus } from '../../server/protocol/analysis';
import type { CommandFailure } from '../../server/protocol/errors';
import { useHostStore } from './host';

const statusOf = ({ analysis: _analysis, ...status }: AnalysisAnswer): AnalysisStatus => status;

export const useAnalysisStore = defineStore('analysis', () => {
  const host = useHostStore();
  /** Per track key: the last answer (its analysis and its status then). */
  const answers = shallowRef<Record<string, AnalysisAnswer>>({});
  /** Per track key: the newest status heard (may be newer than the answer's). */
  const statuses = shallowRef<Record<string, AnalysisStatus>>({});
  /** Per track key: the last refusal, if the last request was refused. */
  const errors = shallowRef<Record<string, CommandFailure>>({});
  const wanted = new Set<string>();

  async function load(track: string): Promise<void> {
    const answer = await host.read('analysis:get', { track });
    if (!answer.ok) {
      errors.value = { ...errors.value, [track]: answer };
      return;
    }
    const { [track]: _dropped, ...rest } = errors.value;
    errors.value = rest;
    answers.value = { ...answers.value, [track]: answer.data };
    const heard = statuses.value[track];
    // A status heard while the answer travelled may be newer: keep the newer one.
    if (!heard || heard.latest <= answer.data.latest) statuses.value = { ...statuses.value, [track]: statusOf(answer.data) };
  }

  /** Shows a track: fetch its analysis now (if not held) and keep it current. */
  function want(track: string): void {
    const first = !wanted.has(track);
    wanted.add(track);
    if (first || !answers.value[track]) void load(track);
  }

  host.onAnalysisStatus((status) => {
    statuses.value = { ...statuses.value, [status.track]: status };
    const held = answers.value[status.track];
    if (wanted.has(status.track) && (held?.version !== status.version || held?.phase !== status.phase)) void load(status.track);
  });

  // A console that was offline may have missed a status: ask again.
  watch(
    () => host.status,
    (now, before) => {
      if (now === 'online' && before !== 'online') for (const track of wanted) void load(track);
    },
  );

  return { answers, statuses, errors, want, load };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAnalysisStore, import.meta.hot));
