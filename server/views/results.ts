/**
 * Results of every track, computed from stored state by the scoring rules (server/domain).
 * Nothing about results is stored: they are always derived from the sheets, so a reopened and
 * amended sheet can never leave a stale score behind.
 */
import { computeTrackResults, type TrackResults } from '../domain/results';
import type { TrackRules } from '../domain/types';
import type { ContestState, TrackRow } from '../store/state';

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

export function computeTrackResultsFromState(state: ContestState, track: TrackRow): TrackResults {
  const trackEntries = state.entries.filter((e) => e.trackId === track.id);
  const entryIds = new Set(trackEntries.map((e) => e.id));
  const judgeIds = new Set(trackJudgeIds(state, track.id));
  return computeTrackResults({
    rules: trackRules(state, track),
    entries: trackEntries.filter((e) => e.state === 'closed').map((e) => e.id),
    sheets: state.sheets
      .filter((s) => entryIds.has(s.entryId) && judgeIds.has(s.judgeId) && s.scores !== null)
      .map((s) => ({ judgeId: s.judgeId, entryId: s.entryId, values: { scores: s.scores ?? {}, bonus: s.bonus ?? {} } })),
    recusals: state.recusals.filter((r) => entryIds.has(r.entryId)).map((r) => ({ judgeId: r.judgeId, entryId: r.entryId })),
    manualDecisions: state.tieDecisions.filter((d) => d.trackId === track.id).map((d) => ({ order: d.entryOrder })),
  });
}

/** Results per track id. */
export function computeAllResults(state: ContestState): Map<number, TrackResults> {
  return new Map(state.tracks.map((t) => [t.id, computeTrackResultsFromState(state, t)]));
}
