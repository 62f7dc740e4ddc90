/**
 * 签字确认: the judge confirms all their sheets at the end of the day. Refused while any entry
 * they score is still to present or open. Closed entries the host closed without their sheet are
 * recorded in the sign-off (the judge cannot change them any more). The signature drawn on the
 * pad is stored with it; the record keeps its SHA-256, so the chain vouches for the image too.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { judges, sheets } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { judgeEffect } from '../store/effects';
import { shareTracksEntries } from '../store/rows';
import { storeSignature } from '../store/signatures';
import { findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

export function signOff(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: InputOf<'judge:signoff'>) {
  return runCommand<AnswerOf<'judge:signoff'>>(ctx, actor, 'judge:signoff', input, async ({ tx, model, now }) => {
    const judge = findJudge(model, actor.judgeId);
    // Entries first (lock order), held FOR SHARE so that none reopens before this commits.
    const inTracks = await shareTracksEntries(tx, model.tracksOfJudge(judge.id).map((t) => t.id));
    const [row] = await tx.select({ signedOffAt: judges.signedOffAt }).from(judges).where(eq(judges.id, judge.id)).for('update');
    if (row?.signedOffAt) fail('signed_off', 'You have already signed off.');
    const mine = inTracks.filter((e) => !model.isRecused(judge.id, e.id));
    const pending = mine.filter((e) => e.state !== 'closed' && e.state !== 'absent' && e.state !== 'withdrawn');
    if (pending.length > 0) {
      fail('invalid_state', `Scoring is not finished for ${pending.map((e) => e.code).join(', ')}; sign off once every entry is closed.`, {
        details: { entryIds: pending.map((e) => e.id) },
      });
    }
    const submitted = new Set(
      (await tx.select({ entryId: sheets.entryId }).from(sheets).where(and(eq(sheets.judgeId, judge.id), isNotNull(sheets.submittedAt)))).map((s) => s.entryId),
    );
    const unsubmitted = mine.filter((e) => e.state === 'closed' && !submitted.has(e.id));
    const [signed] = await tx.update(judges).set({ signedOffAt: new Date(now) }).where(eq(judges.id, judge.id)).returning();
    const signature = input.signature === undefined ? null : await storeSignature(tx, judge.id, null, input.signature, now);
    return {
      data: { signedOffAt: signed!.signedOffAt!.toISOString() },
      effects: [judgeEffect(signed!)],
      audit: { unsubmittedEntryIds: unsubmitted.map((e) => e.id), signature: signature?.hash ?? null },
      ...(signature ? { rows: { signatures: [signature.row] } } : {}),
    };
  });
}
