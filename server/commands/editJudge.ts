/**
 * Judges from the /setup editor: add one (with a new link), change one's name, affiliation, key
 * or tracks, remove one who has not scored. A judge is sent as the contest file writes one and
 * checked by the file's own parser. A judge's sheets are never dropped by an edit: taking away a
 * track they have scored in, or removing them, is refused.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, judges, judgeTracks, recusals, sheets } from '../../db/schema/index';
import { fail } from '../errors';
import { parseJudge } from '../protocol/contestParts';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { insertJudge, newJudgeToken } from '../store/importContest';
import type { ContestModel } from '../store/model';
import { partOrFail, refusePart, RELOAD } from './editContest';
import { findJudge } from './lookup';
import { runCommand, type CommandContext } from './run';

const context = (model: ContestModel) => ({ trackKeys: model.tracks.map((t) => t.key) });

/** The first J<n> no judge of the contest has. */
function nextJudgeKey(model: ContestModel): string {
  const taken = new Set(model.judges.map((j) => j.key));
  let n = 1;
  while (taken.has(`J${n}`)) n++;
  return `J${n}`;
}

/** Sheets (submitted or draft) of a judge, in some tracks or all. */
async function sheetsOfJudge(tx: Tx, judgeId: number, trackIds?: readonly number[]): Promise<number> {
  if (trackIds?.length === 0) return 0;
  const [row] = await tx
    .select({ n: count() })
    .from(sheets)
    .innerJoin(entries, eq(entries.id, sheets.entryId))
    .where(and(eq(sheets.judgeId, judgeId), trackIds ? inArray(entries.trackId, [...trackIds]) : undefined));
  return row?.n ?? 0;
}

export function addJudge(ctx: CommandContext, actor: Actor, input: InputOf<'judge:add'>) {
  return runCommand<AnswerOf<'judge:add'>>(ctx, actor, 'judge:add', input, async ({ tx, model }) => {
    const judge = partOrFail(parseJudge(input.judge, context(model)), 'judge');
    if (judge.key !== undefined && model.judges.some((j) => j.key === judge.key)) refusePart('judge', 'key', 'duplicate_judge');
    const key = judge.key ?? nextJudgeKey(model);
    const trackIds = judge.tracks.map((k) => model.trackOfKey(k)!.id);
    const affiliation = judge.affiliation ?? null;
    const id = await insertJudge(tx, model.contestId, { key, name: judge.name, affiliation, token: newJudgeToken(), trackIds });
    return { data: { id, key }, effects: RELOAD, audit: { judge: { id, key, name: judge.name, affiliation, tracks: judge.tracks } } };
  }, { configuration: true, commandId: input.commandId });
}

export function editJudge(ctx: CommandContext, actor: Actor, input: InputOf<'judge:edit'>) {
  return runCommand<AnswerOf<'judge:edit'>>(ctx, actor, 'judge:edit', input, async ({ tx, model }) => {
    const existing = findJudge(model, input.judgeId);
    const judge = partOrFail(parseJudge(input.judge, context(model)), 'judge');
    const key = judge.key ?? existing.key;
    if (model.judges.some((j) => j.key === key && j.id !== existing.id)) refusePart('judge', 'key', 'duplicate_judge');
    const before = model.tracksOfJudge(existing.id).map((t) => t.id);
    const after = judge.tracks.map((k) => model.trackOfKey(k)!.id);
    const removed = before.filter((id) => !after.includes(id));
    const scored = await sheetsOfJudge(tx, existing.id, removed);
    if (scored > 0) {
      const names = removed.map((id) => model.track(id)!.key).join(', ');
      fail('invalid_state', `${existing.name} has ${scored} sheet(s) in track ${names}; that track cannot be taken away from them.`, {
        details: { reason: 'judge_has_sheets', count: scored },
      });
    }
    const affiliation = judge.affiliation ?? null;
    await tx.update(judges).set({ key, name: judge.name, affiliation }).where(eq(judges.id, existing.id));
    if (removed.length > 0) await tx.delete(judgeTracks).where(and(eq(judgeTracks.judgeId, existing.id), inArray(judgeTracks.trackId, removed)));
    const added = after.filter((id) => !before.includes(id));
    if (added.length > 0) await tx.insert(judgeTracks).values(added.map((trackId) => ({ judgeId: existing.id, trackId })));
    // Recusals in a track the judge no longer scores mean nothing; they go, on the record.
    const gone = removed.length === 0
      ? []
      : await tx
          .delete(recusals)
          .where(and(eq(recusals.judgeId, existing.id), inArray(recusals.entryId, tx.select({ id: entries.id }).from(entries).where(inArray(entries.trackId, removed)))))
          .returning({ judgeId: recusals.judgeId, entryId: recusals.entryId });
    return {
      data: { id: existing.id, key },
      effects: RELOAD,
      audit: { judge: { id: existing.id, key, name: judge.name, affiliation, tracks: judge.tracks }, droppedRecusals: gone },
    };
  }, { configuration: true, commandId: input.commandId });
}

export function removeJudge(ctx: CommandContext, actor: Actor, input: InputOf<'judge:remove'>) {
  return runCommand(ctx, actor, 'judge:remove', input, async ({ tx, model }) => {
    const judge = findJudge(model, input.judgeId);
    const scored = await sheetsOfJudge(tx, judge.id);
    if (scored > 0) {
      fail('invalid_state', `${judge.name} has ${scored} sheet(s); a judge who has scored cannot be removed.`, { details: { reason: 'judge_has_sheets', count: scored } });
    }
    await tx.delete(judges).where(eq(judges.id, judge.id));
    return { data: null, effects: RELOAD, audit: { judgeId: judge.id, key: judge.key } };
  }, { configuration: true, commandId: input.commandId });
}
