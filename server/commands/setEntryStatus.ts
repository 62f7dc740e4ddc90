/** Absent teams, withdrawals and moving an entry to the end of the running order. */
import { and, eq } from 'drizzle-orm';
import { stages } from '../../db/schema/index';
import { fail } from '../errors';
import type { SetEntryStatus } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { dropTieDecisionsOf, findEntry, nextStateOrFail, setEntryState } from './lookup';
import { EVERYONE, runCommand, type CommandContext } from './run';
import { renumber } from './setOrder';

export function setEntryStatus(ctx: CommandContext, actor: Actor, input: SetEntryStatus) {
  return runCommand(ctx, actor, 'entry:status', input, async ({ tx, state }) => {
    const entry = findEntry(state, input.entryId);
    const inTrack = state.entries.filter((e) => e.trackId === entry.trackId);
    if (input.action === 'moveToEnd') {
      if (entry.state !== 'waiting' && entry.state !== 'absent') {
        fail('invalid_state', `Entry ${entry.code} has already presented; only waiting or absent entries move.`);
      }
      const order = [...inTrack.filter((e) => e.id !== entry.id), entry].map((e) => e.id);
      await renumber(tx, order);
      return { data: null, scope: EVERYONE };
    }
    if (input.action === 'withdraw' && !input.reason) {
      fail('invalid_payload', 'reason: a reason is required to withdraw an entry', { field: 'reason' });
    }
    // closedAt survives a withdrawal, so that restoring a closed entry brings its result back.
    const to = nextStateOrFail(entry, input.action);
    await setEntryState(tx, entry.id, to);
    if (to === 'absent' || to === 'withdrawn') {
      // Off the stage if it was on it.
      await tx.update(stages).set({ entryId: null, clock: null }).where(and(eq(stages.trackId, entry.trackId), eq(stages.entryId, entry.id)));
    }
    const tieDecisionsDropped = to === 'withdrawn' || input.action === 'restore' ? await dropTieDecisionsOf(tx, state, entry.id) : [];
    if (to === 'absent') {
      // An absent team goes to the end, so that it can still present if it arrives.
      await renumber(tx, [...inTrack.filter((e) => e.id !== entry.id), entry].map((e) => e.id));
    }
    return { data: null, scope: EVERYONE, audit: { ...input, to, tieDecisionsDropped } };
  });
}
