/**
 * Submitting (or amending) a judge's sheet. Every version is kept (sheet_versions), which also
 * makes it idempotent: the pad's outbox retries with the same `submissionId` until it gets an
 * answer, and a retry finds its version and gets the first answer again without applying
 * anything, so a sheet can never count twice, nor an old retry overwrite a newer amendment.
 *
 * A submission that reaches the server after its entry closed (a phone that was offline when the
 * host closed) is neither refused nor counted: it is kept as a late version, recorded as
 * `sheet:late`, answered `late` (the outbox stops retrying), and waits for the host to count it
 * (late:count) or keep it out (late:exclude). A newer late version of the same sheet supersedes
 * an older one still waiting.
 */
import { and, eq } from 'drizzle-orm';
import { sheets, sheetVersions } from '../../db/schema/index';
import { judgeTotal } from '../domain/sheet';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { lateSheetEffect, sheetEffect } from '../store/effects';
import { readSheet } from '../store/rows';
import { lateSheetColumns } from '../store/state';
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
      const total = judgeTotal(model.trackRules(findEntry(model, earlier.entryId).trackId), earlier);
      // Said as it stands now: a late version the host has since counted is the judge's sheet.
      const data: SubmitAnswer =
        earlier.status === 'counted' && earlier.version !== null
          ? { outcome: 'counted', submittedAt: earlier.submittedAt.toISOString(), submitCount: earlier.version, total }
          : { outcome: 'late', receivedAt: earlier.submittedAt.toISOString(), total };
      return { data, effects: [], replay: true };
    }

    const { entry, track } = await checkJudgeMayScore(tx, model, actor.judgeId, input.entryId, 'closed');
    checkValues(model, track, input, 'submit');
    const total = judgeTotal(model.trackRules(track.id), input);
    const submittedAt = new Date(now);
    const values = { scores: input.scores, bonus: input.bonus, comment: input.comment };

    if (entry.state === 'closed') {
      const superseded = await tx
        .update(sheetVersions)
        .set({ status: 'superseded' })
        .where(and(eq(sheetVersions.entryId, entry.id), eq(sheetVersions.judgeId, actor.judgeId), eq(sheetVersions.late, true), eq(sheetVersions.status, 'pending')))
        .returning(lateSheetColumns);
      const [late] = await tx
        .insert(sheetVersions)
        .values({ entryId: entry.id, judgeId: actor.judgeId, version: null, submissionId: input.submissionId, payloadHash: hash, ...values, submittedAt, late: true, status: 'pending' })
        .returning();
      return {
        data: { outcome: 'late', receivedAt: submittedAt.toISOString(), total },
        effects: [...superseded.map(lateSheetEffect), lateSheetEffect(late!)],
        action: 'sheet:late',
        audit: { ...input, lateId: late!.id, supersededIds: superseded.map((l) => l.id) },
        // The whole version (with its submissionId) for PGlite's journal: the effect leaves the id out.
        rows: { sheetVersions: [late!] },
      };
    }

    const existing = await readSheet(tx, actor.judgeId, input.entryId, 'update');
    const submitCount = (existing?.submitCount ?? 0) + 1;
    const row = await writeSubmitted(tx, { entryId: input.entryId, judgeId: actor.judgeId, existing, values, submittedAt, submitCount });
    const version = await tx
      .insert(sheetVersions)
      .values({ entryId: input.entryId, judgeId: actor.judgeId, version: submitCount, submissionId: input.submissionId, payloadHash: hash, ...values, submittedAt })
      .returning();
    return { data: { outcome: 'counted', submittedAt: submittedAt.toISOString(), submitCount, total }, effects: [sheetEffect(row)], rows: { sheetVersions: version } };
  });
}

/**
 * Makes `values` the judge's submitted sheet (a submission, or a late version the host counts).
 * The draft becomes the submitted values but keeps its edit counter, so that a stale draft still
 * in flight can never replace what was just submitted.
 */
export async function writeSubmitted(
  tx: Parameters<typeof readSheet>[0],
  p: {
    entryId: number;
    judgeId: number;
    existing: Awaited<ReturnType<typeof readSheet>>;
    values: { scores: Record<string, number>; bonus: Record<string, number>; comment: string };
    submittedAt: Date;
    submitCount: number;
  },
) {
  const draft = p.existing?.draft ? { ...p.values, rev: p.existing.draft.rev } : null;
  const set = { ...p.values, submittedAt: p.submittedAt, submitCount: p.submitCount, draft, draftSavedAt: draft ? p.submittedAt : null };
  const [row] = await tx
    .insert(sheets)
    .values({ entryId: p.entryId, judgeId: p.judgeId, ...set })
    .onConflictDoUpdate({ target: [sheets.entryId, sheets.judgeId], set })
    .returning();
  return row!;
}
