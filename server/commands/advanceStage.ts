/** Moving the entry on stage through its timed phases: start presenting, Q&A, scoring. */
import { eq } from 'drizzle-orm';
import { stages } from '../../db/schema/index';
import { startClock } from '../domain/timer';
import { fail } from '../errors';
import type { AdvanceStage } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { findTrack, nextStateOrFail, setEntryState, stageOf } from './lookup';
import { runCommand, type CommandContext } from './run';

export function advanceStage(ctx: CommandContext, actor: Actor, input: AdvanceStage) {
  return runCommand(ctx, actor, 'stage:advance', input, async ({ tx, state, now }) => {
    const track = findTrack(state, input.track);
    const stage = stageOf(state, track.id);
    const entry = state.entries.find((e) => e.id === stage.entryId);
    if (!entry) fail('invalid_state', `No entry is on stage in track "${track.key}"; call one first.`);
    const to = nextStateOrFail(entry, input.action);
    const clock =
      to === 'presenting'
        ? startClock('presenting', track.timings.presentation.seconds * 1000, now)
        : to === 'qa'
          ? startClock('qa', track.timings.qa.seconds * 1000, now)
          : null;
    await setEntryState(tx, entry.id, to);
    await tx.update(stages).set({ clock }).where(eq(stages.trackId, track.id));
    return { data: null, scope: { public: true, host: true, judges: 'all' }, audit: { ...input, entryId: entry.id, clock } };
  });
}
