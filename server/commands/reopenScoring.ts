/**
 * Reopening a closed entry (an audited host decision with a reason): its sheets unlock, its score
 * leaves the board until it is closed again, and the sign-off of that track by the judges who
 * score the entry is withdrawn, because their sheets there may change (their sign-off of another
 * track stands). A confirmation of its award on a short panel, and tie decisions involving it,
 * are forgotten: they were about a result that no longer stands.
 */
import type { Tx } from '../../db/open';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, signOffWithdrawn, tieDecisionRemoved, type Effect } from '../store/effects';
import type { ContestModel } from '../store/model';
import { dropTieDecisionsOf, lockTrack, readEntry, updateEntry, withdrawSignOffs } from '../store/rows';
import type { EntryRow } from '../store/state';
import { findEntry, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

/** Reopens a closed entry the caller holds FOR UPDATE (its track FOR SHARE). */
export async function reopenEntry(tx: Tx, model: ContestModel, entry: EntryRow) {
  const to = nextStateOrFail(entry, 'reopen');
  const reopened = await updateEntry(tx, entry.id, { state: to, closedAt: null, closeReason: null, panelConfirmedAt: null, panelConfirmReason: null });
  const unsigned = await withdrawSignOffs(tx, entry.trackId, model.eligibleJudgeIds(entry.id));
  const dropped = await dropTieDecisionsOf(tx, entry.trackId, entry.id);
  const effects: Effect[] = [entryEffect(reopened), ...unsigned.map(signOffWithdrawn), ...dropped.map(tieDecisionRemoved)];
  return { reopened, effects, audit: { signOffWithdrawn: unsigned.map((s) => s.judgeId), tieDecisionsDropped: dropped.map((d) => d.id) } };
}

export function reopenScoring(ctx: CommandContext, actor: Actor, input: InputOf<'stage:reopen'>) {
  return runCommand(ctx, actor, 'stage:reopen', input, async ({ tx, model }) => {
    const known = findEntry(model, input.entryId);
    await lockTrack(tx, known.trackId, 'share');
    const entry = (await readEntry(tx, known.id, 'update'))!;
    const { effects, audit } = await reopenEntry(tx, model, entry);
    return { data: null, effects, audit: { ...input, ...audit } };
  }, { commandId: input.commandId });
}
