/**
 * Reopening a closed entry (an audited host decision with a reason): its sheets unlock, its score
 * leaves the board until it is closed again, and the sign-off of the judges who score it is
 * withdrawn, because their sheets may change.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import { judges } from '../../db/schema/index';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, judgeEffect, tieDecisionRemoved } from '../store/effects';
import { dropTieDecisionsOf, lockTrack, readEntry, updateEntry } from '../store/rows';
import { findEntry, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

export function reopenScoring(ctx: CommandContext, actor: Actor, input: InputOf<'stage:reopen'>) {
  return runCommand(ctx, actor, 'stage:reopen', input, async ({ tx, model }) => {
    const known = findEntry(model, input.entryId);
    await lockTrack(tx, known.trackId, 'share');
    const entry = (await readEntry(tx, known.id, 'update'))!;
    const to = nextStateOrFail(entry, 'reopen');
    const reopened = await updateEntry(tx, entry.id, { state: to, closedAt: null });
    const eligible = model.eligibleJudgeIds(entry.id);
    const unsigned = eligible.length === 0
      ? []
      : await tx
          .update(judges)
          .set({ signedOffAt: null })
          .where(and(inArray(judges.id, eligible), isNotNull(judges.signedOffAt)))
          .returning({ id: judges.id, signedOffAt: judges.signedOffAt });
    const dropped = await dropTieDecisionsOf(tx, entry.trackId, entry.id);
    return {
      data: null,
      effects: [entryEffect(reopened), ...unsigned.map(judgeEffect), ...dropped.map(tieDecisionRemoved)],
      audit: { ...input, signOffWithdrawn: unsigned.map((j) => j.id), tieDecisionsDropped: dropped.map((d) => d.id) },
    };
  }, { commandId: input.commandId });
}
