/**
 * Submitting (or amending) a judge's sheet. Every version is kept (sheet_versions), which also
 * makes it idempotent: the pad's outbox retries with the same `submissionId` until it gets an
 * answer, and a retry finds its version and gets the first answer again without applying
 * anything, so a sheet can never count twice, nor an old retry overwrite a newer amendment.
 */
import { and, eq } from 'drizzle-orm';
import { sheets, sheetVersions } from '../../db/schema/index';
import { judgeTotal } from '../domain/sheet';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { sheetEffect } from '../store/effects';
import { readSheet } from '../store/rows';
import { checkJudgeMayScore, checkValues } from './judgeAccess';
import { findEntry } from './lookup';
import { payloadHash, runCommand, type CommandContext } from './run';

type SubmitAnswer = AnswerOf<'sheet:submit'>;

export function submitSheet(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: InputOf<'sheet:submit'>) {
  return runCommand<SubmitAnswer>(ctx, actor, 'sheet:submit', input, async ({ tx, model, now }) => {
    const hash = payloadHash(input);
    const [earlier] = await tx
      .select()
      .from(sheetVersions)
      .where(and(eq(sheetVersions.judgeId, actor.judgeId), eq(sheetVersions.submissionId, input.submissionId)));
    if (earlier) {
      // A retry repeats the same sheet; reusing its id for other values would be answered "ok"
      // for values never stored.
      if (earlier.payloadHash !== hash) {
        fail('invalid_payload', 'submissionId: this id was already used for a different sheet; send the new values with a new id', { field: 'submissionId' });
      }
      const rules = model.trackRules(findEntry(model, earlier.entryId).trackId);
      return {
        data: { submittedAt: earlier.submittedAt.toISOString(), submitCount: earlier.version, total: judgeTotal(rules, earlier) },
        effects: [],
        replay: true,
      };
    }

    const { track } = await checkJudgeMayScore(tx, model, actor.judgeId, input.entryId);
    checkValues(model, track, input, 'submit');
    const existing = await readSheet(tx, actor.judgeId, input.entryId, 'update');
    const submittedAt = new Date(now);
    const submitCount = (existing?.submitCount ?? 0) + 1;
    // The draft becomes the submitted values but keeps its edit counter, so that a stale draft
    // still in flight can never replace what was just submitted.
    const draft = existing?.draft ? { scores: input.scores, bonus: input.bonus, comment: input.comment, rev: existing.draft.rev } : null;
    const values = { scores: input.scores, bonus: input.bonus, comment: input.comment, submittedAt, submitCount, draft, draftSavedAt: draft ? submittedAt : null };
    const [row] = await tx
      .insert(sheets)
      .values({ entryId: input.entryId, judgeId: actor.judgeId, ...values })
      .onConflictDoUpdate({ target: [sheets.entryId, sheets.judgeId], set: values })
      .returning();
    const version = await tx
      .insert(sheetVersions)
      .values({
        entryId: input.entryId, judgeId: actor.judgeId, version: submitCount, submissionId: input.submissionId, payloadHash: hash,
        scores: input.scores, bonus: input.bonus, comment: input.comment, submittedAt,
      })
      .returning();
    const answer: SubmitAnswer = { submittedAt: submittedAt.toISOString(), submitCount, total: judgeTotal(model.trackRules(track.id), input) };
    return { data: answer, effects: [sheetEffect(row!)], rows: { sheetVersions: version } };
  });
}
