/**
 * The host's decision on a sheet that arrived after its entry closed (submitSheet.ts keeps it):
 * 重新开放并计入 reopens the entry (when closed) and makes that version the judge's sheet in one
 * recorded step; 不计入 keeps it out. Both carry the host's reason, and the judge's pad is told
 * which happened.
 */
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { lateSheetEffect, sheetEffect, type Effect } from '../store/effects';
import { lockTrack, readEntry, readLateSheet, readSheet, updateLateSheet } from '../store/rows';
import type { LateSheetRow } from '../store/state';
import type { ContestModel } from '../store/model';
import { isScoringOpen } from '../domain/stage';
import { findEntry } from './lookup';
import { reopenEntry } from './reopenScoring';
import { runCommand, type CommandContext } from './run';
import { writeSubmitted } from './submitSheet';

function pendingOrFail(late: LateSheetRow | undefined, model: ContestModel, lateId: number): LateSheetRow {
  if (!late || !model.entry(late.entryId)) fail('not_found', `There is no late sheet ${lateId} in this contest.`, { field: 'lateId' });
  if (late.status !== 'pending') {
    fail('invalid_state', `This late sheet was already decided (${late.status === 'superseded' ? 'a newer one arrived' : late.status}).`, { details: { status: late.status } });
  }
  return late;
}

export function countLateSheet(ctx: CommandContext, actor: Actor, input: InputOf<'late:count'>) {
  return runCommand(ctx, actor, 'late:count', input, async ({ tx, model, now }) => {
    // Which entry it is for decides the locks: the track, the entry, then the sheet and the version.
    const found = await readLateSheet(tx, input.lateId);
    const known = findEntry(model, pendingOrFail(found, model, input.lateId).entryId, 'lateId');
    await lockTrack(tx, known.trackId, 'share');
    const entry = (await readEntry(tx, known.id, 'update'))!;
    if (model.isRecused(found!.judgeId, entry.id)) fail('recused', `The judge is recused from ${entry.code}: the sheet would not count.`);
    if (!model.scoresTrack(found!.judgeId, entry.trackId)) fail('wrong_track', 'The judge no longer scores this track.');
    if (entry.state !== 'closed' && !isScoringOpen(entry.state)) fail('invalid_state', `Entry ${entry.code} is not open or closed (it is ${entry.state}).`);
    const effects: Effect[] = [];
    let reopen: Awaited<ReturnType<typeof reopenEntry>>['audit'] | null = null;
    if (entry.state === 'closed') {
      const reopened = await reopenEntry(tx, model, entry);
      effects.push(...reopened.effects);
      reopen = reopened.audit;
    }
    const existing = await readSheet(tx, found!.judgeId, entry.id, 'update');
    const late = pendingOrFail(await readLateSheet(tx, input.lateId, 'update'), model, input.lateId);
    const submitCount = (existing?.submitCount ?? 0) + 1;
    const values = { scores: late.scores, bonus: late.bonus, comment: late.comment };
    const sheet = await writeSubmitted(tx, { entryId: entry.id, judgeId: late.judgeId, existing, values, submittedAt: late.submittedAt, submitCount });
    const counted = await updateLateSheet(tx, late.id, { status: 'counted', version: submitCount, note: input.reason, decidedAt: new Date(now) });
    effects.push(sheetEffect(sheet), lateSheetEffect(counted));
    return {
      data: null,
      effects,
      // The record carries the values, so the results can be recomputed from the record alone.
      audit: { ...input, entryId: entry.id, judgeId: late.judgeId, ...values, reopened: reopen !== null, ...(reopen ?? {}) },
    };
  }, { commandId: input.commandId });
}

export function excludeLateSheet(ctx: CommandContext, actor: Actor, input: InputOf<'late:exclude'>) {
  return runCommand(ctx, actor, 'late:exclude', input, async ({ tx, model, now }) => {
    const late = pendingOrFail(await readLateSheet(tx, input.lateId, 'update'), model, input.lateId);
    const kept = await updateLateSheet(tx, late.id, { status: 'kept_out', note: input.reason, decidedAt: new Date(now) });
    return { data: null, effects: [lateSheetEffect(kept)], audit: { ...input, entryId: late.entryId, judgeId: late.judgeId } };
  }, { commandId: input.commandId });
}
