/** Moving the entry on stage through its timed phases: start presenting, Q&A, scoring. */
import { startClock } from '../domain/timer';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, stageEffect } from '../store/effects';
import { lockStage, readEntry, updateEntry, updateStage } from '../store/rows';
import { findTrack, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

export function advanceStage(ctx: CommandContext, actor: Actor, input: InputOf<'stage:advance'>) {
  return runCommand(ctx, actor, 'stage:advance', input, async ({ tx, model, now }) => {
    const track = findTrack(model, input.track);
    const stage = await lockStage(tx, track.id);
    const entry = stage.entryId === null ? undefined : await readEntry(tx, stage.entryId, 'update');
    if (!entry) fail('invalid_state', `No entry is on stage in track "${track.key}"; call one first.`);
    const to = nextStateOrFail(entry, input.action);
    const clock =
      to === 'presenting'
        ? startClock('presenting', track.timings.presentation.seconds * 1000, now)
        : to === 'qa'
          ? startClock('qa', track.timings.qa.seconds * 1000, now)
          : null;
    const effects = [entryEffect(await updateEntry(tx, entry.id, { state: to })), stageEffect(await updateStage(tx, track.id, { clock }))];
    return { data: null, effects, audit: { ...input, entryId: entry.id, clock } };
  }, { commandId: input.commandId });
}
