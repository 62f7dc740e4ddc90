/** Pausing, resuming and extending the phase clock of a track's stage. */
import { isTimed } from '../domain/stage';
import { extendClock, pauseClock, resumeClock, type PhaseClock } from '../domain/timer';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { stageEffect } from '../store/effects';
import { lockStage, readEntry, updateStage } from '../store/rows';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

type Change = (clock: PhaseClock, now: number) => PhaseClock;
type TimerAction = 'timer:pause' | 'timer:resume' | 'timer:extend';

function changeClock(ctx: CommandContext, actor: Actor, action: TimerAction, input: InputOf<TimerAction>, change: Change) {
  return runCommand(ctx, actor, action, input, async ({ tx, model, now }) => {
    const track = findTrack(model, input.track);
    const stage = await lockStage(tx, track.id);
    const entry = stage.entryId === null ? undefined : await readEntry(tx, stage.entryId);
    if (!stage.clock || !entry || !isTimed(entry.state)) {
      fail('invalid_state', `No timed phase is running in track "${track.key}".`);
    }
    const clock = change(stage.clock, now);
    return { data: null, effects: [stageEffect(await updateStage(tx, track.id, { clock }))], audit: { ...input, clock } };
  }, { commandId: input.commandId });
}

export function pauseTimer(ctx: CommandContext, actor: Actor, input: InputOf<'timer:pause'>) {
  return changeClock(ctx, actor, 'timer:pause', input, (clock, now) =>
    clock.pausedAt !== null ? fail('invalid_state', 'The clock is already paused.') : pauseClock(clock, now),
  );
}

export function resumeTimer(ctx: CommandContext, actor: Actor, input: InputOf<'timer:resume'>) {
  return changeClock(ctx, actor, 'timer:resume', input, (clock, now) =>
    clock.pausedAt === null ? fail('invalid_state', 'The clock is not paused.') : resumeClock(clock, now),
  );
}

export function extendTimer(ctx: CommandContext, actor: Actor, input: InputOf<'timer:extend'>) {
  return changeClock(ctx, actor, 'timer:extend', input, (clock, now) => extendClock(clock, input.seconds * 1000, now));
}
