/**
 * 签字确认, per track: the judge confirms their sheets of one track once its entries are closed,
 * without waiting for another track. Refused while an entry of that track they score is still to
 * present or open. Closed entries the host closed without their sheet are recorded in the
 * sign-off (the judge cannot change them any more). The signature drawn on the pad is stored with
 * it, as that track's; the record keeps its SHA-256, so the chain vouches for the image too.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { judgeSignoffs, sheets } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { signOffEffect } from '../store/effects';
import { shareTracksEntries } from '../store/rows';
import { storeSignature } from '../store/signatures';
import { findJudge, findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

export function signOff(ctx: CommandContext, actor: Extract<Actor, { role: 'judge' }>, input: InputOf<'judge:signoff'>) {
  return runCommand<AnswerOf<'judge:signoff'>>(ctx, actor, 'judge:signoff', input, async ({ tx, model, now }) => {
    const judge = findJudge(model, actor.judgeId);
    const track = findTrack(model, input.track);
    if (!model.scoresTrack(judge.id, track.id)) fail('wrong_track', `You do not score the track "${track.key}".`);
    // Entries first (lock order), held FOR SHARE so that none reopens before this commits.
    const inTrack = await shareTracksEntries(tx, [track.id]);
    const mine = inTrack.filter((e) => !model.isRecused(judge.id, e.id));
    const pending = mine.filter((e) => e.state !== 'closed' && e.state !== 'absent' && e.state !== 'withdrawn');
    if (pending.length > 0) {
      fail('invalid_state', `Scoring is not finished for ${pending.map((e) => e.code).join(', ')}; sign off once every entry of this track is closed.`, {
        details: { entryIds: pending.map((e) => e.id) },
      });
    }
    const [signed] = await tx.insert(judgeSignoffs).values({ judgeId: judge.id, trackId: track.id, signedAt: new Date(now) }).onConflictDoNothing().returning();
    if (!signed) fail('signed_off', 'You have already signed off this track.');
    const closed = mine.filter((e) => e.state === 'closed').map((e) => e.id);
    const submitted = new Set(
      closed.length === 0
        ? []
        : (await tx.select({ entryId: sheets.entryId }).from(sheets).where(and(eq(sheets.judgeId, judge.id), inArray(sheets.entryId, closed), isNotNull(sheets.submittedAt)))).map((s) => s.entryId),
    );
    const unsubmitted = mine.filter((e) => e.state === 'closed' && !submitted.has(e.id));
    const signature = input.signature === undefined ? null : await storeSignature(tx, judge.id, track.id, input.signature, now);
    return {
      data: { track: track.key, signedOffAt: signed.signedAt.toISOString() },
      effects: [signOffEffect(signed)],
      audit: { track: track.key, unsubmittedEntryIds: unsubmitted.map((e) => e.id), signature: signature?.hash ?? null },
      ...(signature ? { rows: { signatures: [signature.row] } } : {}),
    };
  });
}
