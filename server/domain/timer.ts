/**
 * Timer arithmetic. A phase clock is a deadline, not a ticker: it stores when the phase started,
 * how long it may last and how long it has been paused, and everyone (server, host, screens, pads)
 * derives the remaining time from it and a clock reading. Nothing here reads a clock: `now` is a
 * parameter, in milliseconds on the server's clock.
 */

import type { PhaseClock, TimedPhase } from '../protocol/stage';

export type { PhaseClock, TimedPhase };

export function startClock(phase: TimedPhase, durationMs: number, now: number): PhaseClock {
  return { phase, startedAt: now, durationMs, pausedAt: null, pausedMs: 0 };
}

/** Running time of the phase so far, not counting pauses. */
export function elapsedMs(clock: PhaseClock, now: number): number {
  return (clock.pausedAt ?? now) - clock.startedAt - clock.pausedMs;
}

/** Time left before the deadline; negative once in overtime. */
export function remainingMs(clock: PhaseClock, now: number): number {
  return clock.durationMs - elapsedMs(clock, now);
}

export function pauseClock(clock: PhaseClock, now: number): PhaseClock {
  return clock.pausedAt === null ? { ...clock, pausedAt: now } : clock;
}

export function resumeClock(clock: PhaseClock, now: number): PhaseClock {
  if (clock.pausedAt === null) return clock;
  return { ...clock, pausedAt: null, pausedMs: clock.pausedMs + (now - clock.pausedAt) };
}

/** Adds time to the phase (a negative amount takes time away, never below what has run). */
export function extendClock(clock: PhaseClock, ms: number, now: number): PhaseClock {
  const floor = Math.max(0, elapsedMs(clock, now));
  return { ...clock, durationMs: Math.max(floor, clock.durationMs + ms) };
}

export type ClockLevel = 'normal' | 'warning' | 'overtime';

/**
 * How urgent the clock looks: `warning` once the remaining time is at or below the largest
 * configured warning (seconds), `overtime` past the deadline.
 */
export function clockLevel(remaining: number, warningSeconds: readonly number[]): ClockLevel {
  if (remaining < 0) return 'overtime';
  const first = warningSeconds.length === 0 ? -1 : Math.max(...warningSeconds) * 1000;
  return remaining <= first ? 'warning' : 'normal';
}

/**
 * `mm:ss` before the deadline; in overtime `+mm:ss`, the time run past it, counting up (every
 * screen, pad and console shows the same text). Rounds towards the deadline as wall clocks do.
 */
export function formatClock(remaining: number): string {
  const over = remaining < 0;
  const seconds = over ? Math.floor(-remaining / 1000) : Math.ceil(remaining / 1000);
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return `${over ? '+' : ''}${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}
