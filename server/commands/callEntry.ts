/** Calling an entry to a track's stage (by id, or the next one waiting in the running order). */
import { canCallNext } from '../domain/stage';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { stageEffect } from '../store/effects';
import { lockNextWaiting, lockStage, readEntry, updateStage } from '../store/rows';
import type { EntryRow, StageRow, TrackRow } from '../store/state';
import type { Tx } from '../../db/open';
import { findEntry, findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

/** The entry now on stage may make way: not while it is still presenting or in Q&A. */
async function checkStageFree(tx: Tx, stage: StageRow): Promise<void> {
  // Its state is stable here: every command that moves an entry on stage holds the stage's lock.
  const current = stage.entryId === null ? undefined : await readEntry(tx, stage.entryId);
  if (current && !canCallNext(current.state)) {
    fail('invalid_state', `Entry ${current.code} is still on stage (${current.state}); move it to scoring first.`);
  }
}

async function putOnStage(tx: Tx, track: TrackRow, entry: EntryRow) {
  if (entry.state !== 'waiting') fail('invalid_state', `Entry ${entry.code} is not waiting (it is ${entry.state}).`);
  return stageEffect(await updateStage(tx, track.id, { entryId: entry.id, clock: null }));
}

export function callEntry(ctx: CommandContext, actor: Actor, input: InputOf<'stage:call'>) {
  return runCommand(ctx, actor, 'stage:call', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    const known = findEntry(model, input.entryId);
    if (known.trackId !== track.id) fail('not_found', `Entry ${known.code} is not in track "${track.key}".`, { field: 'entryId' });
    const stage = await lockStage(tx, track.id);
    await checkStageFree(tx, stage);
    const entry = (await readEntry(tx, known.id, 'update'))!;
    return { data: null, effects: [await putOnStage(tx, track, entry)] };
  }, { commandId: input.commandId });
}

export function callNext(ctx: CommandContext, actor: Actor, input: InputOf<'stage:next'>) {
  return runCommand(ctx, actor, 'stage:next', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    const stage = await lockStage(tx, track.id);
    await checkStageFree(tx, stage);
    const next = await lockNextWaiting(tx, track.id, stage.entryId);
    if (!next) fail('invalid_state', `No entry is waiting in track "${track.key}".`);
    return { data: { entryId: next.id }, effects: [await putOnStage(tx, track, next)], audit: { ...input, entryId: next.id } };
  }, { commandId: input.commandId });
}
