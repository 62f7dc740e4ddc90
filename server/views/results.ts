/**
 * Results of every track from a full snapshot of stored state (exports, the audit replay check).
 * Nothing about results is stored: they are always derived from the sheets, so a reopened and
 * amended sheet can never leave a stale score behind. The live server keeps them per track in its
 * model (server/store/model.ts), which is also what computes them here.
 */
import type { TrackResults } from '../domain/results';
import { ContestModel } from '../store/model';
import type { ContestState, TrackRow } from '../store/state';

export function computeTrackResultsFromState(state: ContestState, track: TrackRow): TrackResults {
  return new ContestModel(state).results(track.id);
}

/** Results per track id. */
export function computeAllResults(state: ContestState): Map<number, TrackResults> {
  const model = new ContestModel(state);
  return new Map(state.tracks.map((t) => [t.id, model.results(t.id)]));
}
