/** Shapes of the stage that both sides exchange; the rules over them live in server/domain. */

export const ENTRY_STATES = ['waiting', 'presenting', 'qa', 'scoring', 'closed', 'absent', 'withdrawn'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

export type TimedPhase = 'presenting' | 'qa';

/** A phase clock is a deadline: everyone derives the remaining time from it and a clock reading. */
export interface PhaseClock {
  phase: TimedPhase;
  /** Server time the phase started, ms since epoch. */
  startedAt: number;
  /** Allowed length including extensions, ms. */
  durationMs: number;
  /** Server time of the current pause, or null while running. */
  pausedAt: number | null;
  /** Total length of earlier, finished pauses, ms. */
  pausedMs: number;
}
