/**
 * What the public screens show: the track, the board, the screens' language, and the ceremony
 * (its step, and the host's override of the board freeze it brings).
 */
import { stepKey } from '../domain/ceremony';
import { isScoringOpen } from '../domain/stage';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { ceremonyEffect, displayEffect, type Effect } from '../store/effects';
import { lockCeremony, lockDisplay, lockTrack, updateDisplay, upsertCeremony } from '../store/rows';
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

export function setScreenLanguage(ctx: CommandContext, actor: Actor, input: InputOf<'display:language'>) {
  return runCommand(ctx, actor, 'display:language', input, async ({ tx, model }) => {
    const display = await lockDisplay(tx, model.contestId);
    let change: Partial<DisplayRow>;
    if (input.display === undefined || input.display === null) {
      if (input.language === null) fail('invalid_payload', 'language: the screens need a language (null only takes a named display\'s own away)', { field: 'language' });
      change = { language: input.language };
    } else {
      const languages = { ...display.languages };
      if (input.language === null) delete languages[input.display];
      else languages[input.display] = input.language;
      if (Object.keys(languages).length > 100) fail('invalid_payload', 'display: at most 100 named displays', { field: 'display' });
      change = { languages };
    }
    return { data: null, effects: [displayEffect(await updateDisplay(tx, model.contestId, change))] };
  }, { commandId: input.commandId });
}

export function showCeremonyStep(ctx: CommandContext, actor: Actor, input: InputOf<'ceremony:show'>) {
  return runCommand(ctx, actor, 'ceremony:show', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    await lockTrack(tx, track.id, 'update');
    const { entries, results } = await readTrackResults(tx, model, track.id);
    const plan = ceremonyPlanOf(model, track, results);
    const index = input.key !== undefined ? plan.findIndex((s) => stepKey(s) === input.key) : input.step!;
    if (input.key !== undefined && index < 0) fail('invalid_payload', `key: the ceremony of this track has no step "${input.key}" (the results may have changed)`, { field: 'key' });
    if (index >= plan.length) fail('invalid_payload', `step: the ceremony of this track has steps 0 to ${plan.length - 1}`, { field: 'step' });
    if (index > 0) {
      const open = entries.filter((e) => isScoringOpen(e.state));
      if (open.length > 0) fail('invalid_state', `Scoring is still open for ${open.map((e) => e.code).join(', ')}; close it before the awards.`);
      if (results.provisional) {
        const codeOf = (id: number) => model.entry(id)!.code;
        fail('awards_provisional', 'Awards are provisional: resolve the tie at an award boundary, or confirm the awards on a short panel, first.', {
          details: {
            ties: results.boundaryTies.filter((t) => t.needsManualDecision).map((t) => t.entryIds),
            shortPanels: results.ranking.filter((r) => r.pending === 'panel').map((r) => r.entryId),
            codes: results.ranking.filter((r) => r.provisional).map((r) => codeOf(r.entryId)),
          },
        });
      }
    }
    const effects: Effect[] = [];
    const display = await lockDisplay(tx, model.contestId);
    if (display.ceremonyTrackId !== track.id) effects.push(displayEffect(await updateDisplay(tx, model.contestId, { ceremonyTrackId: track.id })));
    effects.push(ceremonyEffect(track.id, await upsertCeremony(tx, track.id, { step: stepKey(plan[index]!) })));
    return { data: null, effects };
  }, { commandId: input.commandId });
}

/** The host's override: the track's board shows during its ceremony (or is frozen again). */
export function setCeremonyBoard(ctx: CommandContext, actor: Actor, input: InputOf<'ceremony:board'>) {
  return runCommand(ctx, actor, 'ceremony:board', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    const ceremony = await lockCeremony(tx, track.id);
    if (!ceremony) fail('invalid_state', `The ceremony of ${track.key} has not started: its board is not frozen.`);
    return { data: null, effects: [ceremonyEffect(track.id, await upsertCeremony(tx, track.id, { boardShown: input.shown }))] };
  }, { commandId: input.commandId });
}
