/**
 * Saving a judge's draft (work in progress, shown to the host as "draft"; it never counts). The
 * pad numbers its drafts (`rev`): an older one arriving late is ignored, atomically, by the
 * database itself.
 */
import { and, eq, sql } from 'drizzle-orm';
import { sheets } from '../../db/schema/index';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { sheetEffect } from '../store/effects';
import { checkJudgeMayScore, checkValues } from './judgeAccess';
import { runCommand, type CommandContext } from './run';

export function saveDraft(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: InputOf<'sheet:save'>) {
  return runCommand<AnswerOf<'sheet:save'>>(ctx, actor, 'sheet:save', input, async ({ tx, model, now }) => {
    const { track } = await checkJudgeMayScore(tx, model, actor.judgeId, input.entryId);
    checkValues(model, track, input, 'draft');
    const draft = { scores: input.scores, bonus: input.bonus, comment: input.comment, rev: input.rev };
    const savedAt = new Date(now);
    const [saved] = await tx
      .insert(sheets)
      .values({ entryId: input.entryId, judgeId: actor.judgeId, draft, draftSavedAt: savedAt })
      .onConflictDoUpdate({
        target: [sheets.entryId, sheets.judgeId],
        set: { draft, draftSavedAt: savedAt },
        setWhere: sql`${sheets.draft} is null or (${sheets.draft}->>'rev')::int < ${input.rev}`,
      })
      .returning();
    if (!saved) {
      const [stored] = await tx
        .select({ draft: sheets.draft, draftSavedAt: sheets.draftSavedAt })
        .from(sheets)
        .where(and(eq(sheets.entryId, input.entryId), eq(sheets.judgeId, actor.judgeId)));
      return { data: { rev: stored!.draft!.rev, savedAt: stored!.draftSavedAt!.toISOString() }, effects: [], replay: true };
    }
    return { data: { rev: input.rev, savedAt: savedAt.toISOString() }, effects: [sheetEffect(saved)] };
  });
}
