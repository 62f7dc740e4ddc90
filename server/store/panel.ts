/**
 * Who scores what, read off a contest's state: one place for these facts, used by commands and
 * views alike. Pure functions of the state (no queries).
 */
import type { TrackRules } from '../domain/types';
import type { ContestState, SheetRow, TrackRow } from './state';

/** The scoring rules of a track, as the domain takes them. */
export function trackRules(state: ContestState, track: TrackRow): TrackRules {
  const items = state.rubricItems.filter((i) => i.trackId === track.id);
  const pick = (kind: 'criterion' | 'bonus') =>
    items.filter((i) => i.kind === kind).map((i) => ({ key: i.key, max: i.max, step: i.step }));
  return {
    criteria: pick('criterion'),
    bonus: pick('bonus'),
    aggregation: track.aggregation,
    tieBreaks: track.tieBreaks,
    awards: state.awardTiers.filter((a) => a.trackId === track.id).map((a) => ({ key: a.key, count: a.count })),
    minAwardScore: track.minAwardScore ?? undefined,
  };
}

/** Judges who score a track (assigned to it). */
export function trackJudgeIds(state: ContestState, trackId: number): number[] {
  return state.judgeTracks.filter((jt) => jt.trackId === trackId).map((jt) => jt.judgeId);
}

export function isRecused(state: ContestState, judgeId: number, entryId: number): boolean {
  return state.recusals.some((r) => r.judgeId === judgeId && r.entryId === entryId);
}

/** Judges expected to score an entry: assigned to its track and not recused. */
export function eligibleJudgeIds(state: ContestState, entryId: number): number[] {
  const entry = state.entries.find((e) => e.id === entryId);
  if (!entry) return [];
  return trackJudgeIds(state, entry.trackId).filter((j) => !isRecused(state, j, entryId));
}

/** A sheet that counts: submitted at least once (a draft alone does not). */
export function isSubmitted(sheet: SheetRow | undefined): sheet is SheetRow & { scores: Record<string, number> } {
  return sheet !== undefined && sheet.submittedAt !== null && sheet.scores !== null;
}

export function sheetOf(state: ContestState, judgeId: number, entryId: number): SheetRow | undefined {
  return state.sheets.find((s) => s.entryId === entryId && s.judgeId === judgeId);
}

export function hasSubmitted(state: ContestState, judgeId: number, entryId: number): boolean {
  return isSubmitted(sheetOf(state, judgeId, entryId));
}
