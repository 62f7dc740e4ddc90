/** 回避: excluding a judge from one entry (or taking the exclusion back) before it is closed. */
import { and, eq } from 'drizzle-orm';
import { recusals } from '../../db/schema/index';
import { fail } from '../errors';
import type { SetRecusal } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { trackJudgeIds } from '../store/panel';
import { findEntry, findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function setRecusal(ctx: CommandContext, actor: Actor, input: SetRecusal) {
  return runCommand(ctx, actor, 'recusal:set', input, async ({ tx, state, now }) => {
    const judge = findJudge(state, input.judgeId);
    const entry = findEntry(state, input.entryId);
    if (!trackJudgeIds(state, entry.trackId).includes(judge.id)) {
      fail('wrong_track', `${judge.name} does not score the track of entry ${entry.code}.`);
    }
    if (entry.state === 'closed') fail('invalid_state', `Entry ${entry.code} is closed; reopen it to change who scores it.`);
    const where = and(eq(recusals.judgeId, judge.id), eq(recusals.entryId, entry.id));
    if (input.recused) {
      await tx
        .insert(recusals)
        .values({ judgeId: judge.id, entryId: entry.id, reason: input.reason ?? null, createdAt: new Date(now) })
        .onConflictDoUpdate({ target: [recusals.judgeId, recusals.entryId], set: { reason: input.reason ?? null } });
    } else {
      await tx.delete(recusals).where(where);
    }
    return { data: null, scope: { public: true, host: true, judges: [judge.id] } };
  });
}
