/**
 * Confirming an award given on fewer judges than the track's minimum panel (the contest file's
 * `minAwardPanel`, by default what the trimmed mean needs): until the host does, with a reason on
 * the record, the award is provisional and the ceremony waits. A reopen forgets the confirmation.
 */
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { minAwardPanelOf } from '../domain/rules';
import { entryEffect } from '../store/effects';
import { lockTrack, readEntry, readEntrySheets, updateEntry } from '../store/rows';
import { findEntry } from './lookup';
import { runCommand, type CommandContext } from './run';

export function confirmPanel(ctx: CommandContext, actor: Actor, input: InputOf<'panel:confirm'>) {
  return runCommand(ctx, actor, 'panel:confirm', input, async ({ tx, model, now }) => {
    const known = findEntry(model, input.entryId);
    await lockTrack(tx, known.trackId, 'share');
    const entry = (await readEntry(tx, known.id, 'update'))!;
    if (entry.state !== 'closed') fail('invalid_state', `Entry ${entry.code} is not closed: its panel is not settled yet.`);
    const eligible = new Set(model.eligibleJudgeIds(entry.id));
    const counted = (await readEntrySheets(tx, [entry.id])).filter((s) => s.submittedAt !== null && eligible.has(s.judgeId)).length;
    const minAwardPanel = minAwardPanelOf(model.trackRules(entry.trackId));
    if (counted >= minAwardPanel) fail('invalid_state', `Entry ${entry.code} was scored by ${counted} judges, not fewer than ${minAwardPanel}: nothing to confirm.`);
    const confirmed = await updateEntry(tx, entry.id, { panelConfirmedAt: new Date(now), panelConfirmReason: input.reason });
    return { data: null, effects: [entryEffect(confirmed)], audit: { ...input, counted, minAwardPanel } };
  }, { commandId: input.commandId });
}
