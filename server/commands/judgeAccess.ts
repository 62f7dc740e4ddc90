/** The checks before a judge may touch a sheet: their track, not recused, scoring open, not signed off. */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, judgeSignoffs } from '../../db/schema/index';
import { isScoringOpen } from '../domain/stage';
import { validateSheet } from '../domain/sheet';
import { fail } from '../errors';
import type { ContestModel } from '../store/model';
import type { EntryRow, TrackRow } from '../store/state';
import { findEntry } from './lookup';

/**
 * Reads the entry's state (locked FOR SHARE, so that it cannot close or reopen before the sheet
 * commits) and the judge's sign-off of its track in one query, and refuses what the judge may not
 * do. Track and recusal come from the configuration. A submission (`accept: 'closed'`) may also
 * find the entry closed: the caller keeps it as a late sheet rather than refusing it.
 */
export async function checkJudgeMayScore(
  tx: Tx,
  model: ContestModel,
  judgeId: number,
  entryId: number,
  accept: 'open' | 'closed' = 'open',
): Promise<{ entry: EntryRow; track: TrackRow }> {
  const known = findEntry(model, entryId);
  const track = model.track(known.trackId)!;
  if (!model.scoresTrack(judgeId, track.id)) fail('wrong_track', `You do not score the track of entry ${known.code}.`);
  if (model.isRecused(judgeId, entryId)) fail('recused', `You are recused from entry ${known.code}; your sheet would not count.`);
  const [live] = await tx
    .select({ entry: entries, signedAt: judgeSignoffs.signedAt })
    .from(entries)
    .leftJoin(judgeSignoffs, and(eq(judgeSignoffs.judgeId, judgeId), eq(judgeSignoffs.trackId, entries.trackId)))
    .where(eq(entries.id, entryId))
    .for('share', { of: entries });
  if (!live) fail('not_found', `There is no entry ${entryId} in this contest.`, { field: 'entryId' });
  const entry = live.entry;
  // Signed off: the judge declared their sheets of the track final, late ones included.
  if (live.signedAt !== null) fail('signed_off', 'You have signed off this track; your sheets are locked.');
  if (accept === 'closed' && entry.state === 'closed') return { entry, track };
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
