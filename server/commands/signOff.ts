/**
 * 签字确认: the judge confirms all their sheets at the end of the day. Refused while any entry
 * they score is still to present or open. Closed entries the host closed without their sheet are
 * recorded in the sign-off (the judge cannot change them any more).
 */
import { eq } from 'drizzle-orm';
import { judges } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import { eligibleJudgeIds, hasSubmitted } from '../store/panel';
import { findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function signOff(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>) {
  return runCommand(ctx, actor, 'judge:signoff', {}, async ({ tx, state, now }) => {
    const judge = findJudge(state, actor.judgeId);
    if (judge.signedOffAt !== null) fail('signed_off', 'You have already signed off.');
    const mine = state.entries.filter((e) => eligibleJudgeIds(state, e.id).includes(judge.id));
    const pending = mine.filter((e) => e.state !== 'closed' && e.state !== 'absent' && e.state !== 'withdrawn');
    if (pending.length > 0) {
      fail('invalid_state', `Scoring is not finished for ${pending.map((e) => e.code).join(', ')}; sign off once every entry is closed.`, {
        details: { entryIds: pending.map((e) => e.id) },
      });
    }
    const unsubmitted = mine.filter((e) => e.state === 'closed' && !hasSubmitted(state, judge.id, e.id));
    const signedOffAt = new Date(now);
    await tx.update(judges).set({ signedOffAt }).where(eq(judges.id, judge.id));
    return {
      data: { signedOffAt: signedOffAt.toISOString() },
      scope: { host: true, judges: [judge.id] },
      audit: { unsubmittedEntryIds: unsubmitted.map((e) => e.id) },
    };
  });
}
