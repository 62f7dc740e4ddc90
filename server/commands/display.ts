/** What the public screens show: the track, the board, and the ceremony step. */
import { stepKey } from '../domain/ceremony';
import { isScoringOpen } from '../domain/stage';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { displayEffect } from '../store/effects';
import { lockTrack, updateDisplay } from '../store/rows';
import type { DisplayRow } from '../store/state';
import { ceremonyPlanOf } from '../views/common';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';
import { readTrackResults } from './trackResults';

export function setDisplay(ctx: CommandContext, actor: Actor, input: InputOf<'display:set'>) {
  return runCommand(ctx, actor, 'display:set', input, async ({ tx, model }) => {
    const change: Partial<DisplayRow> = {};
    if (input.track !== undefined) change.screenTrackId = input.track === null ? null : findTrack(model, input.track).id;
    if (input.boardVisible !== undefined) change.boardVisible = input.boardVisible;
    if (Object.keys(change).length === 0) fail('invalid_payload', 'Nothing to change: give track or boardVisible.');
    return { data: null, effects: [displayEffect(await updateDisplay(tx, model.contestId, change))] };
  }, { commandId: input.commandId });
}

export function showCeremonyStep(ctx: CommandContext, actor: Actor, input: InputOf<'ceremony:show'>) {
  return runCommand(ctx, actor, 'ceremony:show', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    await lockTrack(tx, track.id, 'update');
    const { entries, results } = await readTrackResults(tx, model, track.id);
    const plan = ceremonyPlanOf(model, track, results);
    if (input.step >= plan.length) fail('invalid_payload', `step: the ceremony of this track has steps 0 to ${plan.length - 1}`, { field: 'step' });
    if (input.step > 0) {
      const open = entries.filter((e) => isScoringOpen(e.state));
      if (open.length > 0) fail('invalid_state', `Scoring is still open for ${open.map((e) => e.code).join(', ')}; close it before the awards.`);
      if (results.provisional) {
        fail('awards_provisional', 'Awards are provisional: resolve the tie at an award boundary first.', {
          details: { ties: results.boundaryTies.map((t) => t.entryIds) },
        });
      }
    }
    const display = await updateDisplay(tx, model.contestId, { ceremonyTrackId: track.id, ceremonyStep: stepKey(plan[input.step]!) });
    return { data: null, effects: [displayEffect(display)] };
  }, { commandId: input.commandId });
}
