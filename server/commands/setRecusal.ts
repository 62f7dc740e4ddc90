/**
 * 回避: excluding a judge from one entry (or taking the exclusion back) before it is closed. A
 * recusal is configuration (who may score what is checked from memory), so it runs exclusively
 * and every process applies it before the next command is checked.
 */
import { and, eq } from 'drizzle-orm';
import { recusals } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { recusalEffect } from '../store/effects';
import { readEntry } from '../store/rows';
import { findEntry, findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function setRecusal(ctx: CommandContext, actor: Actor, input: InputOf<'recusal:set'>) {
  return runCommand(ctx, actor, 'recusal:set', input, async ({ tx, model, now }) => {
    const judge = findJudge(model, input.judgeId);
    const known = findEntry(model, input.entryId);
    if (!model.scoresTrack(judge.id, known.trackId)) fail('wrong_track', `${judge.name} does not score the track of entry ${known.code}.`);
    // No row lock: this command holds the audit head, so nothing else can commit meanwhile.
    const entry = (await readEntry(tx, known.id))!;
    if (entry.state === 'closed') fail('invalid_state', `Entry ${entry.code} is closed; reopen it to change who scores it.`);
    const where = and(eq(recusals.judgeId, judge.id), eq(recusals.entryId, entry.id));
    if (input.recused) {
      const [row] = await tx
        .insert(recusals)
        .values({ judgeId: judge.id, entryId: entry.id, reason: input.reason ?? null, createdAt: new Date(now) })
        .onConflictDoUpdate({ target: [recusals.judgeId, recusals.entryId], set: { reason: input.reason ?? null } })
        .returning();
      return { data: null, effects: [recusalEffect(judge.id, entry.id, row!)] };
    }
    await tx.delete(recusals).where(where);
    return { data: null, effects: [recusalEffect(judge.id, entry.id, null)] };
  }, { configuration: true, commandId: input.commandId });
}
