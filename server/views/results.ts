/**
 * Results of every track, computed from stored state by the scoring rules (server/domain).
 * Nothing about results is stored: they are always derived from the sheets, so a reopened and
 * amended sheet can never leave a stale score behind.
 */
import { computeTrackResults, type TrackResults } from '../domain/results';
import { isSubmitted, trackJudgeIds, trackRules } from '../store/panel';
import type { ContestState, TrackRow } from '../store/state';

export function computeTrackResultsFromState(state: ContestState, track: TrackRow): TrackResults {
  const trackEntries = state.entries.filter((e) => e.trackId === track.id);
  const entryIds = new Set(trackEntries.map((e) => e.id));
  const judgeIds = new Set(trackJudgeIds(state, track.id));
  return computeTrackResults({
    rules: trackRules(state, track),
    entries: trackEntries.filter((e) => e.state === 'closed').map((e) => e.id),
    sheets: state.sheets
      .filter((s) => entryIds.has(s.entryId) && judgeIds.has(s.judgeId))
      .filter(isSubmitted)
      .map((s) => ({ judgeId: s.judgeId, entryId: s.entryId, values: { scores: s.scores, bonus: s.bonus ?? {} } })),
    recusals: state.recusals.filter((r) => entryIds.has(r.entryId)).map((r) => ({ judgeId: r.judgeId, entryId: r.entryId })),
    manualDecisions: state.tieDecisions.filter((d) => d.trackId === track.id).map((d) => ({ order: d.entryOrder })),
    codes: new Map(trackEntries.map((e) => [e.id, e.code])),
  });
}

/** Results per track id. */
export function computeAllResults(state: ContestState): Map<number, TrackResults> {
  return new Map(state.tracks.map((t) => [t.id, computeTrackResultsFromState(state, t)]));
}
