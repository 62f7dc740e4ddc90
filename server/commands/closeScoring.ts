/**
 * Closing scoring: the entry's sheets lock and its final score is published (results are derived
 * from the sheets of closed entries). Before anything changes quietly the host hears what closing
 * will mean: closing with sheets missing, or while a judge is amending a submitted sheet (修改中),
 * is refused with `confirmation_required`, the judges named and the consequence stated (how many
 * sheets count out of how many expected, the policy that will apply, no score at all, an award
 * that will wait for confirmation); with the confirmation and a reason it goes ahead, and the
 * record keeps the reason and the consequence. Several entries close in one action, all or none.
 */
import type { Tx } from '../../db/open';
import { closeConsequence, type ClosePlan } from '../domain/closing';
import { isAmending } from '../domain/sheet';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, stageEffect, type Effect } from '../store/effects';
import type { ContestModel } from '../store/model';
import { lockStage, lockTrack, readEntry, readEntrySheets, updateEntry, updateStage } from '../store/rows';
import type { StageRow } from '../store/state';
import { findEntry, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

const needsConfirmation = (p: ClosePlan) => p.missingJudgeIds.length > 0 || p.amendingJudgeIds.length > 0;

/**
 * Closes entries (locks in order: their tracks, their stages, the entries by id, their sheets)
 * once every close is allowed and, where sheets are missing or being amended, confirmed.
 */
async function closeEntries(tx: Tx, model: ContestModel, now: number, entryIds: readonly number[], confirm: { confirmMissing?: boolean | undefined; reason?: string | undefined }) {
  const known = entryIds.map((id) => findEntry(model, id, entryIds.length > 1 ? 'entryIds' : 'entryId'));
  const trackIds = [...new Set(known.map((e) => e.trackId))].sort((a, b) => a - b);
  for (const trackId of trackIds) await lockTrack(tx, trackId, 'share');
  const stages = new Map<number, StageRow>();
  for (const trackId of trackIds) stages.set(trackId, await lockStage(tx, trackId));
  const entries = [];
  for (const e of [...known].sort((a, b) => a.id - b.id)) {
    const entry = (await readEntry(tx, e.id, 'update'))!;
    nextStateOrFail(entry, 'close');
    entries.push(entry);
  }
  const sheets = await readEntrySheets(tx, entries.map((e) => e.id));
  const plans: ClosePlan[] = known.map(({ id: entryId, trackId }) => {
    const eligible = model.eligibleJudgeIds(entryId);
    const mine = new Map(sheets.filter((s) => s.entryId === entryId).map((s) => [s.judgeId, s]));
    const submitted = eligible.filter((j) => mine.get(j)?.submittedAt);
    return {
      entryId,
      missingJudgeIds: eligible.filter((j) => !mine.get(j)?.submittedAt),
      amendingJudgeIds: submitted.filter((j) => isAmending(mine.get(j))),
      consequence: closeConsequence(model.trackRules(trackId), submitted.length, eligible.length),
    };
  });
  const unconfirmed = plans.filter(needsConfirmation);
  if (unconfirmed.length > 0 && !(confirm.confirmMissing && confirm.reason)) {
    const names = (ids: number[]) => ids.map((j) => model.judge(j)!.name).join(', ');
    const what = unconfirmed.map((p) => {
      const code = model.entry(p.entryId)!.code;
      const parts = [p.missingJudgeIds.length > 0 ? `${p.missingJudgeIds.length} not submitted (${names(p.missingJudgeIds)})` : '', p.amendingJudgeIds.length > 0 ? `amending: ${names(p.amendingJudgeIds)}` : ''];
      return `${code}: ${parts.filter(Boolean).join('; ')}; ${p.consequence.counted}/${p.consequence.expected} sheets count`;
    });
    fail('confirmation_required', `${what.join(' · ')}. Confirm and give a reason to close anyway.`, {
      details: entryIds.length === 1 ? unconfirmed[0] : { entries: unconfirmed },
    });
  }
  const effects: Effect[] = [];
  for (const entry of entries) {
    const plan = plans.find((p) => p.entryId === entry.id)!;
    const closeReason = needsConfirmation(plan) ? (confirm.reason ?? null) : null;
    effects.push(entryEffect(await updateEntry(tx, entry.id, { state: 'closed', closedAt: new Date(now), closeReason })));
    // A phase clock still running for this entry stops: scoring is over.
    const stage = stages.get(entry.trackId)!;
    if (stage.entryId === entry.id && stage.clock !== null) effects.push(stageEffect(await updateStage(tx, stage.trackId, { clock: null })));
  }
  return { effects, plans };
}

export function closeScoring(ctx: CommandContext, actor: Actor, input: InputOf<'stage:close'>) {
  return runCommand(ctx, actor, 'stage:close', input, async ({ tx, model, now }) => {
    const { effects, plans } = await closeEntries(tx, model, now, [input.entryId], input);
    const [plan] = plans;
    return { data: null, effects, audit: { ...input, ...plan } };
  }, { commandId: input.commandId });
}

export function closeMany(ctx: CommandContext, actor: Actor, input: InputOf<'stage:closeMany'>) {
  return runCommand(ctx, actor, 'stage:closeMany', input, async ({ tx, model, now }) => {
    const { effects, plans } = await closeEntries(tx, model, now, input.entryIds, input);
    return { data: null, effects, audit: { ...input, entries: plans } };
  }, { commandId: input.commandId });
}
