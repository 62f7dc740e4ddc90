/**
 * Reopening a closed entry (an audited host decision with a reason): its sheets unlock, its score
 * leaves the board until it is closed again, and the sign-off of the judges who score it is
 * withdrawn, because their sheets may change.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import { judges } from '../../db/schema/index';
import type { ReopenScoring } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { eligibleJudgeIds } from '../store/panel';
import { dropTieDecisionsOf, findEntry, nextStateOrFail, setEntryState } from './lookup';
import { EVERYONE, runCommand, type CommandContext } from './run';

export function reopenScoring(ctx: CommandContext, actor: Actor, input: ReopenScoring) {
  return runCommand(ctx, actor, 'stage:reopen', input, async ({ tx, state }) => {
    const entry = findEntry(state, input.entryId);
    const to = nextStateOrFail(entry, 'reopen');
    await setEntryState(tx, entry.id, to, null);
    const judgeIds = eligibleJudgeIds(state, entry.id);
    const unsigned = state.judges.filter((j) => judgeIds.includes(j.id) && j.signedOffAt !== null).map((j) => j.id);
    if (unsigned.length > 0) {
      await tx.update(judges).set({ signedOffAt: null }).where(and(inArray(judges.id, unsigned), isNotNull(judges.signedOffAt)));
    }
    const tieDecisionsDropped = await dropTieDecisionsOf(tx, state, entry.id);
    return { data: null, scope: EVERYONE, audit: { ...input, signOffWithdrawn: unsigned, tieDecisionsDropped } };
  });
}
