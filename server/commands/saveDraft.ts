/**
 * A judge's work in progress, saved as they type. It does not count; it lets the host see
 * "draft" and lets the judge continue on another device. An older draft (lower `rev`) arriving
 * late never overwrites a newer one.
 */
import { sheets } from '../../db/schema/index';
import type { SaveDraft } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { checkJudgeMayScore, checkValues } from './judgeAccess';
import { runCommand, type CommandContext } from './run';

export function saveDraft(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: SaveDraft) {
  return runCommand(ctx, actor, 'sheet:save', input, async ({ tx, state, now }) => {
    const { track } = checkJudgeMayScore(state, actor.judgeId, input.entryId);
    checkValues(state, track, input, 'draft');
    const existing = state.sheets.find((s) => s.entryId === input.entryId && s.judgeId === actor.judgeId);
    if (existing?.draft && existing.draft.rev >= input.rev) {
      return { data: { rev: existing.draft.rev, savedAt: existing.draftSavedAt!.toISOString() }, scope: {}, replay: true };
    }
    const draft = { scores: input.scores, bonus: input.bonus, comment: input.comment, rev: input.rev };
    const savedAt = new Date(now);
    await tx
      .insert(sheets)
      .values({ entryId: input.entryId, judgeId: actor.judgeId, draft, draftSavedAt: savedAt })
      .onConflictDoUpdate({ target: [sheets.entryId, sheets.judgeId], set: { draft, draftSavedAt: savedAt } });
    return { data: { rev: input.rev, savedAt: savedAt.toISOString() }, scope: { host: true, judges: [actor.judgeId] } };
  });
}
