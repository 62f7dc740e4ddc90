/** The running order of a track: set by hand (drag and drop) or drawn from a recorded seed. */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { tracks } from '../../db/schema/index';
import { drawOrder as drawnOrder } from '../domain/draw';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import type { InputOf } from '../protocol/registry';
import { entryEffect } from '../store/effects';
import { anySheetFor, lockTrack, lockTrackEntries, renumber } from '../store/rows';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

export function setOrder(ctx: CommandContext, actor: Actor, input: InputOf<'order:set'>) {
  return runCommand(ctx, actor, 'order:set', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    const inTrack = await lockTrackEntries(tx, track.id);
    const byId = new Map(inTrack.map((e) => [e.id, e]));
    const given = new Set(input.entryIds);
    if (given.size !== input.entryIds.length || given.size !== byId.size || ![...given].every((id) => byId.has(id))) {
      fail('invalid_payload', `entryIds: must list each of the ${byId.size} entries of track "${track.key}" exactly once`, { field: 'entryIds' });
    }
    const changed = await renumber(tx, input.entryIds.map((id) => byId.get(id)!));
    return { data: null, effects: changed.map(entryEffect) };
  }, { commandId: input.commandId });
}

export function drawOrder(ctx: CommandContext, actor: Actor, input: InputOf<'order:draw'>) {
  return runCommand(ctx, actor, 'order:draw', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    await lockTrack(tx, track.id, 'update');
    const inTrack = await lockTrackEntries(tx, track.id);
    // Presented = past waiting, or scored at all (a withdrawn entry may have presented).
    const started = inTrack.filter((e) => !['waiting', 'absent', 'withdrawn'].includes(e.state) || e.closedAt !== null);
    if (started.length > 0 || (await anySheetFor(tx, inTrack.map((e) => e.id)))) {
      const named = started.length > 0 ? ` (${started.map((e) => e.code).join(', ')})` : '';
      fail('invalid_state', `Entries of track "${track.key}" have already presented${named}; the order can no longer be drawn.`);
    }
    const seed = input.seed || String(randomInt(10_000_000, 100_000_000));
    const ordered = drawnOrder(seed, inTrack);
    const changed = await renumber(tx, ordered);
    await tx.update(tracks).set({ drawSeed: seed }).where(eq(tracks.id, track.id));
    const entryIds = ordered.map((e) => e.id);
    return {
      data: { seed, entryIds },
      effects: [...changed.map(entryEffect), { kind: 'drawSeed' as const, trackId: track.id, drawSeed: seed }],
      audit: { track: track.key, seed, entryIds },
    };
  }, { commandId: input.commandId });
}
