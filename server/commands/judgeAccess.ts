/** The checks before a judge may touch a sheet: their track, not recused, scoring open, not signed off. */
import { isScoringOpen } from '../domain/stage';
import { validateSheet } from '../domain/sheet';
import { fail } from '../errors';
import type { ContestState, EntryRow, TrackRow } from '../store/state';
import { isRecused, trackJudgeIds, trackRules } from '../store/panel';
import { findEntry, findJudge } from './lookup';

export function checkJudgeMayScore(state: ContestState, judgeId: number, entryId: number): { entry: EntryRow; track: TrackRow } {
  const judge = findJudge(state, judgeId);
  const entry = findEntry(state, entryId);
  const track = state.tracks.find((t) => t.id === entry.trackId)!;
  if (!trackJudgeIds(state, track.id).includes(judgeId)) fail('wrong_track', `You do not score the track of entry ${entry.code}.`);
  if (isRecused(state, judgeId, entryId)) fail('recused', `You are recused from entry ${entry.code}; your sheet would not count.`);
  if (judge.signedOffAt !== null) fail('signed_off', 'You have signed off; your sheets are locked.');
  if (!isScoringOpen(entry.state)) {
    fail(
      'scoring_not_open',
      entry.state === 'closed' ? `Scoring of entry ${entry.code} is closed.` : `Entry ${entry.code} is not open for scoring yet.`,
      { details: { state: entry.state } },
    );
  }
  return { entry, track };
}

/** Refuses values that break the rubric, listing every problem. */
export function checkValues(state: ContestState, track: TrackRow, values: { scores: Record<string, number>; bonus: Record<string, number> }, mode: 'draft' | 'submit'): void {
  const problems = validateSheet(trackRules(state, track), values, mode);
  if (problems.length > 0) {
    const first = problems[0]!;
    fail('sheet_invalid', `The sheet breaks the rubric (${problems.length} problem${problems.length > 1 ? 's' : ''}, first: ${first.key} ${first.code}).`, {
      field: first.key,
      details: problems,
    });
  }
}
