/**
 * What a screen says about a stage, from one place for every screen (the projector, the judge's
 * pad, the host's console): the one label of the entry's state (候场 / 正在答辩 / 问答 / 评分中 /
 * 评分结束, or 缺席 / 已退出), and the clock of a timed phase drawn from its deadline on the
 * server's clock (`mm:ss`, `+mm:ss` in overtime). The pure part takes the time as a parameter;
 * `useStageStatus` redraws it a few times a second (the server never sends ticks).
 */
import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue';
import { isTimed } from '../../server/domain/stage';
import { clockLevel, formatClock, remainingMs, type ClockLevel, type PhaseClock } from '../../server/domain/timer';
import type { EntryState } from '../../server/protocol/stage';
import type { TimingsView } from '../../server/protocol/views';
import { serverNow } from './useServerClock';

export interface ClockStatus {
  /** `mm:ss` before the deadline, `+mm:ss` past it (formatClock). */
  text: string;
  /** Milliseconds left; negative in overtime. */
  remaining: number;
  level: ClockLevel;
  paused: boolean;
  /** Warning times already passed (the colour deepens at each): 0 in overtime. */
  warningsPassed: number;
  /** The phase's warning times, seconds before the deadline. */
  warnings: readonly number[];
}

export interface StageStatus {
  /** The one label of the stage: the entry's state (messages `common.states.<state>`). */
  state: EntryState;
  /** The phase clock while the entry presents or answers questions; null otherwise. */
  clock: ClockStatus | null;
}

/** The clock of a phase at `now` (server time, ms). */
export function clockStatus(clock: PhaseClock, timings: TimingsView, now: number): ClockStatus {
  const warnings = clock.phase === 'qa' ? timings.qa.warnings : timings.presentation.warnings;
  const remaining = remainingMs(clock, now);
  return {
    text: formatClock(remaining),
    remaining,
    level: clockLevel(remaining, warnings),
    paused: clock.pausedAt !== null,
    warningsPassed: remaining < 0 ? 0 : warnings.filter((w) => remaining <= w * 1000).length,
    warnings,
  };
}

/**
 * The stage as every screen shows it: its state's label, and the clock only while that state runs
 * on one (a clock left over from an earlier phase means nothing once scoring has begun).
 */
export function stageStatus(state: EntryState, clock: PhaseClock | null, timings: TimingsView, now: number): StageStatus {
  const timed = clock !== null && isTimed(state) && clock.phase === state;
  return { state, clock: timed ? clockStatus(clock, timings, now) : null };
}

/** The server's time, redrawn five times a second while the component lives. */
function useTicking() {
  const now = ref(serverNow());
  const timer = setInterval(() => {
    now.value = serverNow();
  }, 200);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** A live `stageStatus` of whatever stage `source` names (null: nobody on stage). */
export function useStageStatus(
  source: () => { state: EntryState; clock: PhaseClock | null; timings: TimingsView } | null,
): ComputedRef<StageStatus | null> {
  const now = useTicking();
  return computed(() => {
    const s = source();
    return s ? stageStatus(s.state, s.clock, s.timings, now.value) : null;
  });
}

/** A live `clockStatus` (null without a clock), for a clock shown apart from its stage label. */
export function useClockStatus(source: () => { clock: PhaseClock | null; timings: TimingsView }): ComputedRef<ClockStatus | null> {
  const now = useTicking();
  return computed(() => {
    const s = source();
    return s.clock ? clockStatus(s.clock, s.timings, now.value) : null;
  });
}
