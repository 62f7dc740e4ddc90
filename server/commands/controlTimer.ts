/** Pausing, resuming and extending the phase clock of a track's stage. */
import { eq } from 'drizzle-orm';
import { stages } from '../../db/schema/index';
import { isTimed } from '../domain/stage';
import { extendClock, pauseClock, resumeClock, type PhaseClock } from '../domain/timer';
import { fail } from '../errors';
import type { ExtendTimer, TimerControl } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { findTrack, stageOf } from './lookup';
import { runCommand, type CommandContext } from './run';

type Change = (clock: PhaseClock, now: number) => PhaseClock;

function changeClock(ctx: CommandContext, actor: Actor, action: string, input: TimerControl | ExtendTimer, change: Change) {
  return runCommand(ctx, actor, action, input, async ({ tx, state, now }) => {
    const track = findTrack(state, input.track);
    const stage = stageOf(state, track.id);
    const entry = state.entries.find((e) => e.id === stage.entryId);
    if (!stage.clock || !entry || !isTimed(entry.state)) {
      fail('invalid_state', `No timed phase is running in track "${track.key}".`);
    }
    const clock = change(stage.clock, now);
    await tx.update(stages).set({ clock }).where(eq(stages.trackId, track.id));
    return { data: null, scope: { public: true, host: true, judges: 'all' }, audit: { ...input, clock } };
  });
}

export function pauseTimer(ctx: CommandContext, actor: Actor, input: TimerControl) {
  return changeClock(ctx, actor, 'timer:pause', input, (clock, now) =>
    clock.pausedAt !== null ? fail('invalid_state', 'The clock is already paused.') : pauseClock(clock, now),
  );
}

export function resumeTimer(ctx: CommandContext, actor: Actor, input: TimerControl) {
  return changeClock(ctx, actor, 'timer:resume', input, (clock, now) =>
    clock.pausedAt === null ? fail('invalid_state', 'The clock is not paused.') : resumeClock(clock, now),
  );
}

export function extendTimer(ctx: CommandContext, actor: Actor, input: ExtendTimer) {
  return changeClock(ctx, actor, 'timer:extend', input, (clock, now) => extendClock(clock, input.seconds * 1000, now));
}
