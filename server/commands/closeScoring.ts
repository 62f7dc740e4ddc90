/**
 * Closing an entry's scoring: its sheets lock and its final score is published (results are
 * derived from the sheets of closed entries). Closing with sheets missing needs an explicit
 * confirmation and a reason, both recorded.
 */
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect, stageEffect, type Effect } from '../store/effects';
import { lockStage, lockTrack, readEntry, submittedJudgeIds, updateEntry, updateStage } from '../store/rows';
import { findEntry, nextStateOrFail } from './lookup';
import { runCommand, type CommandContext } from './run';

export function closeScoring(ctx: CommandContext, actor: Actor, input: InputOf<'stage:close'>) {
  return runCommand(ctx, actor, 'stage:close', input, async ({ tx, model, now }) => {
    const known = findEntry(model, input.entryId);
    await lockTrack(tx, known.trackId, 'share');
    const stage = await lockStage(tx, known.trackId);
    const entry = (await readEntry(tx, known.id, 'update'))!;
    nextStateOrFail(entry, 'close');
    const submitted = await submittedJudgeIds(tx, entry.id);
    const missing = model.eligibleJudgeIds(entry.id).filter((j) => !submitted.has(j));
    if (missing.length > 0 && !(input.confirmMissing && input.reason)) {
      const names = missing.map((j) => model.judge(j)!.name).join(', ');
      fail('confirmation_required', `${missing.length} judge(s) have not submitted (${names}). Confirm and give a reason to close anyway.`, {
        details: { missingJudgeIds: missing },
      });
    }
    const effects: Effect[] = [entryEffect(await updateEntry(tx, entry.id, { state: 'closed', closedAt: new Date(now) }))];
    // A phase clock still running for this entry stops: scoring is over.
    if (stage.entryId === entry.id && stage.clock !== null) effects.push(stageEffect(await updateStage(tx, stage.trackId, { clock: null })));
    return { data: null, effects, audit: { ...input, missingJudgeIds: missing } };
  }, { commandId: input.commandId });
}
