/** The running order of a track: set by hand (drag and drop) or drawn from a recorded seed. */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, tracks } from '../../db/schema/index';
import { drawOrder as drawnOrder } from '../domain/draw';
import { fail } from '../errors';
import type { DrawOrder, SetOrder } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { findTrack } from './lookup';
import { EVERYONE, runCommand, type CommandContext } from './run';

/** Writes positions 1..n in the given order. */
export async function renumber(tx: Tx, entryIds: readonly number[]): Promise<void> {
  for (const [i, id] of entryIds.entries()) {
    await tx.update(entries).set({ position: i + 1 }).where(eq(entries.id, id));
  }
}

export function setOrder(ctx: CommandContext, actor: Actor, input: SetOrder) {
  return runCommand(ctx, actor, 'order:set', input, async ({ tx, state }) => {
    const track = findTrack(state, input.track);
    const inTrack = state.entries.filter((e) => e.trackId === track.id);
    const expected = new Set(inTrack.map((e) => e.id));
    const given = new Set(input.entryIds);
    if (given.size !== input.entryIds.length || given.size !== expected.size || ![...given].every((id) => expected.has(id))) {
      fail('invalid_payload', `entryIds: must list each of the ${expected.size} entries of track "${track.key}" exactly once`, { field: 'entryIds' });
    }
    await renumber(tx, input.entryIds);
    return { data: null, scope: EVERYONE };
  });
}

export function drawOrder(ctx: CommandContext, actor: Actor, input: DrawOrder) {
  return runCommand(ctx, actor, 'order:draw', input, async ({ tx, state }) => {
    const track = findTrack(state, input.track);
    const inTrack = state.entries.filter((e) => e.trackId === track.id);
    // Presented = past waiting, or scored at all (a withdrawn entry may have presented).
    const started = inTrack.filter(
      (e) => !['waiting', 'absent', 'withdrawn'].includes(e.state) || e.closedAt !== null || state.sheets.some((s) => s.entryId === e.id),
    );
    if (started.length > 0) {
      fail('invalid_state', `Entries of track "${track.key}" have already presented (${started.map((e) => e.code).join(', ')}); the order can no longer be drawn.`);
    }
    const seed = input.seed || String(randomInt(10_000_000, 100_000_000));
    const order = drawnOrder(seed, inTrack).map((e) => e.id);
    await renumber(tx, order);
    await tx.update(tracks).set({ drawSeed: seed }).where(eq(tracks.id, track.id));
    return { data: { seed, entryIds: order }, scope: EVERYONE, audit: { track: track.key, seed, entryIds: order } };
  });
}
