/**
 * A new link for a judge: the old token stops working at once (every process disconnects the pads
 * still open with it). The token itself never goes into the audit record or the effects.
 */
import { eq } from 'drizzle-orm';
import { judges } from '../../db/schema/index';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { newJudgeToken } from '../store/importContest';
import { findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function relinkJudge(ctx: CommandContext, actor: Actor, input: InputOf<'judge:relink'>) {
  return runCommand(ctx, actor, 'judge:relink', input, async ({ tx, model }) => {
    const judge = findJudge(model, input.judgeId);
    const token = newJudgeToken();
    await tx.update(judges).set({ token }).where(eq(judges.id, judge.id));
    // The token goes to the PGlite journal only (as secret as the database itself).
    return { data: null, effects: [{ kind: 'judgeLink' as const, id: judge.id }], rows: { judgeTokens: [{ id: judge.id, token }] } };
  }, { commandId: input.commandId });
}
