/**
 * Submitting (or amending) a judge's sheet. Idempotent: the pad's outbox retries with the same
 * `submissionId` until it gets an answer, and a retry returns the first answer without applying
 * anything again, so a sheet can never count twice, nor an old retry overwrite a newer amendment.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { commandReceipts, sheets } from '../../db/schema/index';
import { judgeTotal } from '../domain/sheet';
import { fail } from '../errors';
import type { SubmitSheet } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { canonicalJson } from '../store/audit';
import { trackRules } from '../store/panel';
import { checkJudgeMayScore, checkValues } from './judgeAccess';
import { EVERYONE, runCommand, type CommandContext } from './run';

export interface SubmitAnswer {
  submittedAt: string;
  submitCount: number;
  total: number;
}

export function submitSheet(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: SubmitSheet) {
  return runCommand<SubmitAnswer>(ctx, actor, 'sheet:submit', input, async ({ tx, state, now }) => {
    const receiptKey = `submit:${input.submissionId}`;
    const actorKey = `judge:${actor.judgeId}`;
    const [receipt] = await tx
      .select()
      .from(commandReceipts)
      .where(and(eq(commandReceipts.contestId, state.contest.id), eq(commandReceipts.actor, actorKey), eq(commandReceipts.key, receiptKey)));
    const payloadHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    if (receipt) {
      // A retry repeats the same sheet; reusing its id for other values would be answered "ok"
      // for values never stored.
      if (receipt.payloadHash !== payloadHash) {
        fail('invalid_payload', 'submissionId: this id was already used for a different sheet; send the new values with a new id', { field: 'submissionId' });
      }
      return { data: receipt.response as SubmitAnswer, scope: {}, replay: true };
    }

    const { track } = checkJudgeMayScore(state, actor.judgeId, input.entryId);
    checkValues(state, track, input, 'submit');
    const existing = state.sheets.find((s) => s.entryId === input.entryId && s.judgeId === actor.judgeId);
    const submittedAt = new Date(now);
    const submitCount = (existing?.submitCount ?? 0) + 1;
    // The draft becomes the submitted values but keeps its edit counter, so that a stale draft
    // still in flight can never replace what was just submitted.
    const draft = existing?.draft ? { scores: input.scores, bonus: input.bonus, comment: input.comment, rev: existing.draft.rev } : null;
    const values = { scores: input.scores, bonus: input.bonus, comment: input.comment, submittedAt, submitCount, draft, draftSavedAt: draft ? submittedAt : null };
    await tx
      .insert(sheets)
      .values({ entryId: input.entryId, judgeId: actor.judgeId, ...values })
      .onConflictDoUpdate({ target: [sheets.entryId, sheets.judgeId], set: values });
    const answer: SubmitAnswer = {
      submittedAt: submittedAt.toISOString(),
      submitCount,
      total: judgeTotal(trackRules(state, track), input),
    };
    await tx.insert(commandReceipts).values({ contestId: state.contest.id, actor: actorKey, key: receiptKey, payloadHash, response: answer });
    return { data: answer, scope: EVERYONE };
  });
}
