/**
 * Closing an entry's scoring: its sheets lock and its final score is published (results are
 * derived from the sheets of closed entries). Closing with sheets missing needs an explicit
 * confirmation and a reason, both recorded.
 */
import { and, eq } from 'drizzle-orm';
import { stages } from '../../db/schema/index';
import { fail } from '../errors';
import type { CloseScoring } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { eligibleJudgeIds, hasSubmitted } from '../store/panel';
import { findEntry, nextStateOrFail, setEntryState } from './lookup';
import { EVERYONE, runCommand, type CommandContext } from './run';

export function closeScoring(ctx: CommandContext, actor: Actor, input: CloseScoring) {
  return runCommand(ctx, actor, 'stage:close', input, async ({ tx, state, now }) => {
    const entry = findEntry(state, input.entryId);
    nextStateOrFail(entry, 'close');
    const missing = eligibleJudgeIds(state, entry.id).filter(
      (j) => !hasSubmitted(state, j, entry.id),
    );
    if (missing.length > 0 && !(input.confirmMissing && input.reason)) {
      const names = missing.map((j) => state.judges.find((x) => x.id === j)!.name).join(', ');
      fail('confirmation_required', `${missing.length} judge(s) have not submitted (${names}). Confirm and give a reason to close anyway.`, {
        details: { missingJudgeIds: missing },
      });
    }
    await setEntryState(tx, entry.id, 'closed', new Date(now));
    // A phase clock still running for this entry stops: scoring is over.
    await tx.update(stages).set({ clock: null }).where(and(eq(stages.trackId, entry.trackId), eq(stages.entryId, entry.id)));
    return { data: null, scope: EVERYONE, audit: { ...input, missingJudgeIds: missing } };
  });
}
