/**
 * The host's decision on a tie the tie-break chain could not separate (the `manual` rule): an
 * order of the tied entries, with a reason, on the record. A later decision on any of the same
 * entries replaces the earlier one.
 */
import { inArray } from 'drizzle-orm';
import { tieDecisions } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { tieDecisionEffect, tieDecisionRemoved } from '../store/effects';
import { lockTrack } from '../store/rows';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';
import { readTrackResults } from './trackResults';

export function resolveTie(ctx: CommandContext, actor: Actor, input: InputOf<'tie:resolve'>) {
  return runCommand(ctx, actor, 'tie:resolve', input, async ({ tx, model, now }) => {
    const track = findTrack(model, input.track);
    if (new Set(input.entryIds).size !== input.entryIds.length) {
      fail('invalid_payload', 'entryIds: each entry may appear once', { field: 'entryIds' });
    }
    await lockTrack(tx, track.id, 'update');
    // Judge the request against the results without any earlier decision on these entries.
    const touches = (d: { entryOrder: number[] }) => d.entryOrder.some((id) => input.entryIds.includes(id));
    const { decisions, results } = await readTrackResults(tx, model, track.id, (d) => !touches(d));
    const rows = input.entryIds.map((id) => results.ranking.find((r) => r.entryId === id));
    if (rows.some((r) => r === undefined)) fail('not_found', `Some of these entries are not ranked in track "${track.key}".`, { field: 'entryIds' });
    const rank = rows[0]!.rank;
    const group = results.ranking.filter((r) => r.rank === rank && r.sharedRank);
    if (!rows.every((r) => r!.rank === rank && r!.sharedRank) || group.length !== rows.length) {
      fail('invalid_state', 'These entries are not exactly one group of tied entries; list all entries sharing the place.', {
        details: { tied: group.map((r) => r.entryId) },
      });
    }
    const earlier = decisions.filter(touches);
    if (earlier.length > 0) await tx.delete(tieDecisions).where(inArray(tieDecisions.id, earlier.map((d) => d.id)));
    const [decision] = await tx
      .insert(tieDecisions)
      .values({ trackId: track.id, entryOrder: input.entryIds, reason: input.reason, decidedAt: new Date(now) })
      .returning();
    return { data: null, effects: [...earlier.map(tieDecisionRemoved), tieDecisionEffect(decision!)] };
  }, { commandId: input.commandId });
}
