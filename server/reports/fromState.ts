/**
 * The report tables' input from the live state (the server's side; the results CLI builds the
 * same from the exported files in scripts/results.ts).
 */
import type { TrackResults } from '../domain/results';
import { ContestModel } from '../store/model';
import type { ContestState, TrackRow } from '../store/state';
import type { ResultsTrackInput } from './resultsTable';

/** `model` answers who scores what (built from the same state). */
export function resultsTrackOfState(state: ContestState, model: ContestModel, track: TrackRow, results: TrackResults): ResultsTrackInput {
  return {
    key: track.key,
    name: track.name,
    criteria: state.rubricItems.filter((i) => i.trackId === track.id && i.kind === 'criterion').map((i) => ({ key: i.key, label: i.label })),
    awards: state.awardTiers.filter((a) => a.trackId === track.id).map((a) => ({ key: a.key, name: a.name })),
    entries: state.entries
      .filter((e) => e.trackId === track.id && e.state !== 'withdrawn')
      .map((e) => ({ id: e.id, code: e.code, unit: e.unit, model: e.model })),
    expected: (entryId) => model.eligibleJudgeIds(entryId).length,
    results,
  };
}

/** Every track's input, in display order. */
export function resultsTracksOfState(state: ContestState, results: ReadonlyMap<number, TrackResults>): ResultsTrackInput[] {
  const model = new ContestModel(state);
  return state.tracks.map((t) => resultsTrackOfState(state, model, t, results.get(t.id)!));
}
