/** Calling an entry to a track's stage (by id, or the next one waiting in the running order). */
import { eq } from 'drizzle-orm';
import { stages } from '../../db/schema/index';
import { canCallNext } from '../domain/stage';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { CallEntry, CallNext } from '../protocol/commands';
import type { ContestState, EntryRow, TrackRow } from '../store/state';
import { findEntry, findTrack, stageOf } from './lookup';
import { runCommand, type CommandContext, type CommandStep } from './run';

function checkCallable(state: ContestState, track: TrackRow, entry: EntryRow): void {
  if (entry.trackId !== track.id) fail('not_found', `Entry ${entry.code} is not in track "${track.key}".`, { field: 'entryId' });
  if (entry.state !== 'waiting') fail('invalid_state', `Entry ${entry.code} is not waiting (it is ${entry.state}).`);
  const current = state.entries.find((e) => e.id === stageOf(state, track.id).entryId) ?? null;
  if (!canCallNext(current?.state ?? null)) {
    fail('invalid_state', `Entry ${current!.code} is still on stage (${current!.state}); move it to scoring first.`);
  }
}

async function putOnStage({ tx }: CommandStep, track: TrackRow, entry: EntryRow): Promise<void> {
  await tx.update(stages).set({ entryId: entry.id, clock: null }).where(eq(stages.trackId, track.id));
}

export function callEntry(ctx: CommandContext, actor: Actor, input: CallEntry) {
  return runCommand(ctx, actor, 'stage:call', input, async (step) => {
    const track = findTrack(step.state, input.track);
    const entry = findEntry(step.state, input.entryId);
    checkCallable(step.state, track, entry);
    await putOnStage(step, track, entry);
    return { data: null, scope: { public: true, host: true, judges: 'all' } };
  });
}

export function callNext(ctx: CommandContext, actor: Actor, input: CallNext) {
  return runCommand(ctx, actor, 'stage:next', input, async (step) => {
    const track = findTrack(step.state, input.track);
    const onStage = stageOf(step.state, track.id).entryId;
    const next = step.state.entries.find((e) => e.trackId === track.id && e.state === 'waiting' && e.id !== onStage);
    if (!next) fail('invalid_state', `No entry is waiting in track "${track.key}".`);
    checkCallable(step.state, track, next);
    await putOnStage(step, track, next);
    return { data: { entryId: next.id }, scope: { public: true, host: true, judges: 'all' }, audit: { ...input, entryId: next.id } };
  });
}
