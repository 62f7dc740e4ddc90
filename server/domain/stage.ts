/**
 * The life of an entry on stage, as a pure state machine:
 * `waiting → presenting → qa → scoring → closed`, plus `absent`, `withdrawn` and a reopen path.
 * Judges may score from `presenting` until the host closes scoring. Several entries may be open
 * at once (the previous team's sheets are still coming in while the next one presents).
 */

import type { EntryState } from '../protocol/stage';

export type { EntryState };

export const STAGE_ACTIONS = ['start', 'toQa', 'toScoring', 'close', 'reopen', 'markAbsent', 'restore', 'withdraw'] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

/** What the machine needs to know beyond the state: whether the entry's scoring ever closed. */
export interface EntryFacts {
  hadClosed: boolean;
}

const TRANSITIONS: Record<StageAction, { from: readonly EntryState[]; to: EntryState | ((facts: EntryFacts) => EntryState) }> = {
  start: { from: ['waiting'], to: 'presenting' },
  toQa: { from: ['presenting'], to: 'qa' },
  toScoring: { from: ['presenting', 'qa'], to: 'scoring' },
  close: { from: ['presenting', 'qa', 'scoring'], to: 'closed' },
  reopen: { from: ['closed'], to: 'scoring' },
  markAbsent: { from: ['waiting'], to: 'absent' },
  // Back to closed if its scoring had closed before it was withdrawn (its result comes back).
  restore: { from: ['absent', 'withdrawn'], to: ({ hadClosed }) => (hadClosed ? 'closed' : 'waiting') },
  withdraw: { from: ['waiting', 'absent', 'presenting', 'qa', 'scoring', 'closed'], to: 'withdrawn' },
};

export type TransitionResult = { ok: true; to: EntryState } | { ok: false; from: EntryState; allowedFrom: readonly EntryState[] };

/** Where `action` takes an entry in `state`, or why it cannot. */
export function transition(state: EntryState, action: StageAction, facts: EntryFacts = { hadClosed: false }): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) return { ok: false, from: state, allowedFrom: rule.from };
  return { ok: true, to: typeof rule.to === 'function' ? rule.to(facts) : rule.to };
}

/** Judges may submit and amend sheets only while the entry is in one of these states. */
export function isScoringOpen(state: EntryState): boolean {
  return state === 'presenting' || state === 'qa' || state === 'scoring';
}

/** The phases that run on a clock (the stage's clock means nothing in the others). */
export function isTimed(state: EntryState): boolean {
  return state === 'presenting' || state === 'qa';
}

/**
 * Whether the host may call another entry to the stage: not while the current one is still
 * presenting or in Q&A (its scoring may stay open).
 */
export function canCallNext(current: EntryState | null): boolean {
  return current === null || !isTimed(current);
}
