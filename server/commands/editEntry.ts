/**
 * Entries from the /setup editor: add one at the end of its track's running order, change one's
 * code, unit, model, contact or track, remove one that never went on stage. An entry is sent as
 * the contest file writes one and checked by the file's own parser. Whatever has happened to an
 * entry on stage stays: moving an entry that has presented or been scored, or removing it, is
 * refused (withdrawing it, `entry:status`, keeps it on the record).
 */
import { and, count, eq, max, notInArray } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, recusals, sheets } from '../../db/schema/index';
import { fail } from '../errors';
import { nextEntryCode, sameCode } from '../files/people';
import { parseEntry } from '../protocol/contestParts';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import type { ContestModel } from '../store/model';
import { readEntry, readTrackEntries, renumber } from '../store/rows';
import type { EntryRow } from '../store/state';
import { partOrFail, refusePart, RELOAD } from './editContest';
import { findEntry } from './lookup';
import { runCommand, type CommandContext } from './run';

const context = (model: ContestModel) => ({ trackKeys: model.tracks.map((t) => t.key) });

function codesOf(model: ContestModel): { id: number; code: string; track: string }[] {
  return model.tracks.flatMap((t) => model.trackEntries(t.id).map((e) => ({ id: e.id, code: e.code, track: t.key })));
}

async function lastPosition(tx: Tx, trackId: number): Promise<number> {
  const [row] = await tx.select({ position: max(entries.position) }).from(entries).where(eq(entries.trackId, trackId));
  return row?.position ?? 0;
}

/** Refused unless the entry never went on stage and has no sheet: what has happened stays. */
async function checkUntouched(tx: Tx, model: ContestModel, entry: EntryRow, doing: string): Promise<void> {
  const [scored] = await tx.select({ n: count() }).from(sheets).where(eq(sheets.entryId, entry.id));
  const onStage = model.stage(entry.trackId).entryId === entry.id;
  if (!['waiting', 'absent'].includes(entry.state) || entry.closedAt !== null || onStage || (scored?.n ?? 0) > 0) {
    fail('invalid_state', `Entry ${entry.code} has been on stage or scored; it cannot ${doing}. Withdraw it instead.`, {
      details: { reason: 'entry_started', state: entry.state },
    });
  }
}

export function addEntry(ctx: CommandContext, actor: Actor, input: InputOf<'entry:add'>) {
  return runCommand<AnswerOf<'entry:add'>>(ctx, actor, 'entry:add', input, async ({ tx, model }) => {
    const entry = partOrFail(parseEntry(input.entry, context(model)), 'entry');
    const existing = codesOf(model);
    if (entry.code !== undefined && existing.some((e) => sameCode(e.code, entry.code!))) refusePart('entry', 'code', 'duplicate_entry');
    const code = entry.code ?? nextEntryCode(existing, entry.track);
    const trackId = model.trackOfKey(entry.track)!.id;
    const values = { contestId: model.contestId, trackId, code, unit: entry.unit, model: entry.model, contact: entry.contact ?? null };
    const [row] = await tx.insert(entries).values({ ...values, position: (await lastPosition(tx, trackId)) + 1 }).returning({ id: entries.id });
    const id = row!.id;
    return { data: { id, code }, effects: RELOAD, audit: { entry: { id, code, track: entry.track, unit: entry.unit, model: entry.model, contact: values.contact } } };
  }, { configuration: true, commandId: input.commandId });
}

export function editEntry(ctx: CommandContext, actor: Actor, input: InputOf<'entry:edit'>) {
  return runCommand<AnswerOf<'entry:edit'>>(ctx, actor, 'entry:edit', input, async ({ tx, model }) => {
    findEntry(model, input.entryId);
    const entry = partOrFail(parseEntry(input.entry, context(model)), 'entry');
    // The live row (its state may have moved on since the model was loaded).
    const current = (await readEntry(tx, input.entryId))!;
    const code = entry.code ?? current.code;
    if (codesOf(model).some((e) => e.id !== current.id && sameCode(e.code, code))) refusePart('entry', 'code', 'duplicate_entry');
    const trackId = model.trackOfKey(entry.track)!.id;
    const moved = trackId !== current.trackId;
    const values = { code, unit: entry.unit, model: entry.model, contact: entry.contact ?? null };
    let gone: { judgeId: number; entryId: number }[] = [];
    if (moved) {
      await checkUntouched(tx, model, current, 'move to another track');
      await tx.update(entries).set({ ...values, trackId, position: (await lastPosition(tx, trackId)) + 1 }).where(eq(entries.id, current.id));
      await renumber(tx, await readTrackEntries(tx, current.trackId));
      // Recusals of judges who do not score the new track mean nothing there.
      const panel = model.trackJudgeIds(trackId);
      gone = await tx
        .delete(recusals)
        .where(and(eq(recusals.entryId, current.id), panel.length > 0 ? notInArray(recusals.judgeId, [...panel]) : undefined))
        .returning({ judgeId: recusals.judgeId, entryId: recusals.entryId });
    } else {
      await tx.update(entries).set(values).where(eq(entries.id, current.id));
    }
    return {
      data: { id: current.id, code },
      effects: RELOAD,
      audit: { entry: { id: current.id, track: entry.track, ...values }, droppedRecusals: gone },
    };
  }, { configuration: true, commandId: input.commandId });
}

export function removeEntry(ctx: CommandContext, actor: Actor, input: InputOf<'entry:remove'>) {
  return runCommand(ctx, actor, 'entry:remove', input, async ({ tx, model }) => {
    findEntry(model, input.entryId);
    const current = (await readEntry(tx, input.entryId))!;
    await checkUntouched(tx, model, current, 'be removed');
    await tx.delete(entries).where(eq(entries.id, current.id));
    await renumber(tx, await readTrackEntries(tx, current.trackId));
    return { data: null, effects: RELOAD, audit: { entryId: current.id, code: current.code } };
  }, { configuration: true, commandId: input.commandId });
}
