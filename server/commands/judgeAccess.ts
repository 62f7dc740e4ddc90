/** The checks before a judge may touch a sheet: their track, not recused, scoring open, not signed off. */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, judges } from '../../db/schema/index';
import { isScoringOpen } from '../domain/stage';
import { validateSheet } from '../domain/sheet';
import { fail } from '../errors';
import type { ContestModel } from '../store/model';
import type { EntryRow, TrackRow } from '../store/state';
import { findEntry } from './lookup';

/**
 * Reads the entry's state (locked FOR SHARE, so that it cannot close before the sheet commits) and
 * the judge's sign-off in one query, and refuses what the judge may not do. Track and recusal
 * come from the configuration.
 */
export async function checkJudgeMayScore(tx: Tx, model: ContestModel, judgeId: number, entryId: number): Promise<{ entry: EntryRow; track: TrackRow }> {
  const known = findEntry(model, entryId);
  const track = model.track(known.trackId)!;
  if (!model.scoresTrack(judgeId, track.id)) fail('wrong_track', `You do not score the track of entry ${known.code}.`);
  if (model.isRecused(judgeId, entryId)) fail('recused', `You are recused from entry ${known.code}; your sheet would not count.`);
  const [live] = await tx
    .select({ entry: entries, signedOffAt: judges.signedOffAt })
    .from(entries)
    .innerJoin(judges, and(eq(judges.id, judgeId), eq(judges.contestId, entries.contestId)))
    .where(eq(entries.id, entryId))
    .for('share', { of: entries });
  if (!live) fail('not_found', `There is no entry ${entryId} in this contest.`, { field: 'entryId' });
  if (live.signedOffAt !== null) fail('signed_off', 'You have signed off; your sheets are locked.');
  const entry = live.entry;
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
export function checkValues(model: ContestModel, track: TrackRow, values: { scores: Record<string, number>; bonus: Record<string, number> }, mode: 'draft' | 'submit'): void {
  const problems = validateSheet(model.trackRules(track.id), values, mode);
  if (problems.length > 0) {
    const first = problems[0]!;
    fail('sheet_invalid', `The sheet breaks the rubric (${problems.length} problem${problems.length > 1 ? 's' : ''}, first: ${first.key} ${first.code}).`, {
      field: first.key,
      details: problems,
    });
  }
}
