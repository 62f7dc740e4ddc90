/**
 * A track's results as the database holds them now, for commands that decide on the whole
 * track's results (a tie decision, a ceremony step). The caller holds the track's lock FOR UPDATE,
 * so no close, reopen, withdrawal or restore in the track can commit until it is done.
 */
import type { Tx } from '../../db/open';
import { computeTrackResults } from '../domain/results';
import { trackResultsInput, type ContestModel } from '../store/model';
import { readSubmittedSheets, readTieDecisions, readTrackEntries } from '../store/rows';
import type { TieDecisionRow } from '../store/state';

export async function readTrackResults(tx: Tx, model: ContestModel, trackId: number, keepDecision: (d: TieDecisionRow) => boolean = () => true) {
  const entries = await readTrackEntries(tx, trackId);
  const sheets = await readSubmittedSheets(tx, entries.filter((e) => e.state === 'closed').map((e) => e.id));
  const decisions = await readTieDecisions(tx, trackId);
  const results = computeTrackResults(trackResultsInput(model, trackId, { entries, sheets, tieDecisions: decisions.filter(keepDecision) }));
  return { entries, decisions, results };
}
