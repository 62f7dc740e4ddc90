/**
 * A new link for a judge: the old token stops working at once (the caller also disconnects the
 * pads still open with it). The token itself never goes into the audit record.
 */
import { eq } from 'drizzle-orm';
import { judges } from '../../db/schema/index';
import type { RelinkJudge } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { newJudgeToken } from '../store/importContest';
import { findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function relinkJudge(ctx: CommandContext, actor: Actor, input: RelinkJudge) {
  return runCommand(ctx, actor, 'judge:relink', input, async ({ tx, state }) => {
    const judge = findJudge(state, input.judgeId);
    await tx.update(judges).set({ token: newJudgeToken() }).where(eq(judges.id, judge.id));
    return { data: null, scope: { host: true } };
  });
}
