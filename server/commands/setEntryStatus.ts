/** Absent teams, withdrawals and moving an entry to the end of the running order. */
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, stageEffect, tieDecisionRemoved, type Effect } from '../store/effects';
import { dropTieDecisionsOf, lockStage, lockTrack, lockTrackEntries, renumber, updateEntry, updateStage } from '../store/rows';
import type { EntryRow } from '../store/state';
import { findEntry, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

/** The running order with `entry` moved to its end. */
const movedToEnd = (list: readonly EntryRow[], entry: EntryRow) => [...list.filter((e) => e.id !== entry.id), entry];

export function setEntryStatus(ctx: CommandContext, actor: Actor, input: InputOf<'entry:status'>) {
  return runCommand(ctx, actor, 'entry:status', input, async ({ tx, model }) => {
    const known = findEntry(model, input.entryId);
    const trackId = known.trackId;
    if (input.action === 'moveToEnd') {
      const inTrack = await lockTrackEntries(tx, trackId);
      const entry = inTrack.find((e) => e.id === known.id)!;
      if (entry.state !== 'waiting' && entry.state !== 'absent') {
        fail('invalid_state', `Entry ${entry.code} has already presented; only waiting or absent entries move.`);
      }
      return { data: null, effects: (await renumber(tx, movedToEnd(inTrack, entry))).map(entryEffect) };
    }
    if (input.action === 'withdraw' && !input.reason) {
      fail('invalid_payload', 'reason: a reason is required to withdraw an entry', { field: 'reason' });
    }
    await lockTrack(tx, trackId, 'share');
    const stage = await lockStage(tx, trackId);
    const inTrack = await lockTrackEntries(tx, trackId);
    const entry = inTrack.find((e) => e.id === known.id)!;
    // closedAt survives a withdrawal, so that restoring a closed entry brings its result back.
    const to = nextStateOrFail(entry, input.action);
    const effects: Effect[] = [];
    const updated = await updateEntry(tx, entry.id, { state: to });
    if (to === 'absent' || to === 'withdrawn') {
      // Off the stage if it was on it.
      if (stage.entryId === entry.id) effects.push(stageEffect(await updateStage(tx, trackId, { entryId: null, clock: null })));
    }
    const dropped = to === 'withdrawn' || input.action === 'restore' ? await dropTieDecisionsOf(tx, trackId, entry.id) : [];
    // An absent team goes to the end, so that it can still present if it arrives.
    const moved = to === 'absent' ? await renumber(tx, movedToEnd(inTrack, updated)) : [];
    const final = moved.find((e) => e.id === entry.id) ?? updated;
    effects.push(entryEffect(final), ...moved.filter((e) => e.id !== entry.id).map(entryEffect), ...dropped.map(tieDecisionRemoved));
    return { data: null, effects, audit: { ...input, to, tieDecisionsDropped: dropped.map((d) => d.id) } };
  }, { commandId: input.commandId });
}
