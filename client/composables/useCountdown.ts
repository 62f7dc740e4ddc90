/**
 * A live countdown from a phase clock (a deadline), rendered on the server's clock. It redraws a
 * few times a second locally; the server never sends ticks.
 */
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';
import { clockLevel, formatClock, remainingMs, type ClockLevel, type PhaseClock } from '../../server/domain/timer';
import { serverNow } from './useServerClock';

export interface Countdown {
  /** Milliseconds left (negative in overtime), or null without a clock. */
  remaining: Ref<number | null>;
  /** `mm:ss`, `-mm:ss` in overtime, or `--:--`. */
  text: Ref<string>;
  level: Ref<ClockLevel>;
  paused: Ref<boolean>;
}

export function useCountdown(clock: Ref<PhaseClock | null | undefined>, warnings: Ref<readonly number[]>): Countdown {
  const now = ref(serverNow());
  const timer = setInterval(() => {
    now.value = serverNow();
  }, 200);
  onBeforeUnmount(() => clearInterval(timer));
  const remaining = computed(() => (clock.value ? remainingMs(clock.value, now.value) : null));
  return {
    remaining,
    text: computed(() => (remaining.value === null ? '--:--' : formatClock(remaining.value))),
    level: computed(() => (remaining.value === null ? 'normal' : clockLevel(remaining.value, warnings.value))),
    paused: computed(() => clock.value?.pausedAt != null),
  };
}
