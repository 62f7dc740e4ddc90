/**
 * Tracks from the /setup editor: add one, change one's settings and rubric, remove an empty one.
 * A track is sent exactly as the contest file writes it and checked by the file's own parser.
 *
 * The rubric rule: once a sheet (even a draft) exists for a track, its rubric's structure (items,
 * order, maxima, steps) may not change, or sheets scored against one rubric would be counted
 * against another. It holds under concurrency because this command holds the audit head from its
 * start: a sheet committed before is seen here and refuses the change; a sheet command still
 * running reaches the head after this commits, finds the configuration changed, and is checked
 * again against the new rubric.
 */
import { and, count, eq, max } from 'drizzle-orm';
import { displays, entries, sheets, stages, tracks } from '../../db/schema/index';
import { fail } from '../errors';
import { parseTrack, rubricStructure } from '../protocol/contestParts';
import type { TrackDefinition } from '../protocol/contestFile';
import type { Actor } from '../protocol/events';
import type { AnswerOf, InputOf } from '../protocol/registry';
import { trackColumns, writeRubric } from '../store/importContest';
import type { ContestModel } from '../store/model';
import type { Tx } from '../../db/open';
import { partOrFail, refusePart, RELOAD } from './editContest';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

/** The track's rubric as stored (hundredths), in the form rubricStructure compares. */
function storedRubric(model: ContestModel, trackId: number): Pick<TrackDefinition, 'criteria' | 'bonus'> {
  const items = model.rubric(trackId);
  const pick = (kind: 'criterion' | 'bonus') => items.filter((i) => i.kind === kind).map((i) => ({ key: i.key, label: i.label, max: i.max, step: i.step }));
  return { criteria: pick('criterion'), bonus: pick('bonus') };
}

/** Sheets (submitted or draft) of a track's entries, counted in the database. */
async function sheetsOfTrack(tx: Tx, trackId: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(sheets).innerJoin(entries, eq(entries.id, sheets.entryId)).where(eq(entries.trackId, trackId));
  return row?.n ?? 0;
}

export function addTrack(ctx: CommandContext, actor: Actor, input: InputOf<'track:add'>) {
  return runCommand<AnswerOf<'track:add'>>(ctx, actor, 'track:add', input, async ({ tx, model }) => {
    const track = partOrFail(parseTrack(input.track), 'track');
    if (model.trackOfKey(track.key)) refusePart('track', 'key', 'duplicate_track');
    const [last] = await tx.select({ position: max(tracks.position) }).from(tracks).where(eq(tracks.contestId, model.contestId));
    const [row] = await tx
      .insert(tracks)
      .values({ contestId: model.contestId, position: (last?.position ?? -1) + 1, ...trackColumns(track) })
      .returning({ id: tracks.id });
    await writeRubric(tx, row!.id, track);
    await tx.insert(stages).values({ trackId: row!.id, entryId: null, clock: null });
    return { data: { key: track.key }, effects: RELOAD, audit: { track: { ...track, id: row!.id } } };
  }, { configuration: true, commandId: input.commandId });
}

export function editTrack(ctx: CommandContext, actor: Actor, input: InputOf<'track:edit'>) {
  return runCommand<AnswerOf<'track:edit'>>(ctx, actor, 'track:edit', input, async ({ tx, model }) => {
    const track = partOrFail(parseTrack(input.track), 'track');
    const existing = model.trackOfKey(track.key) ?? fail('not_found', `There is no track "${track.key}".`, { field: 'track.key' });
    if (rubricStructure(track) !== rubricStructure(storedRubric(model, existing.id))) {
      const scored = await sheetsOfTrack(tx, existing.id);
      if (scored > 0) {
        fail('rubric_locked', `The rubric of track ${track.key} cannot change: ${scored} sheet(s) exist for it. Labels and descriptions can still be corrected.`, {
          details: { sheets: scored },
        });
      }
    }
    await tx.update(tracks).set(trackColumns(track)).where(eq(tracks.id, existing.id));
    await writeRubric(tx, existing.id, track);
    return { data: { key: track.key }, effects: RELOAD, audit: { track: { ...track, id: existing.id } } };
  }, { configuration: true, commandId: input.commandId });
}

export function removeTrack(ctx: CommandContext, actor: Actor, input: InputOf<'track:remove'>) {
  return runCommand(ctx, actor, 'track:remove', input, async ({ tx, model }) => {
    const track = findTrack(model, input.track);
    if (model.tracks.length === 1) fail('invalid_state', 'A contest needs at least one track.', { details: { reason: 'last_track' } });
    const [held] = await tx.select({ n: count() }).from(entries).where(eq(entries.trackId, track.id));
    if ((held?.n ?? 0) > 0) {
      fail('invalid_state', `Track ${track.key} still has ${held!.n} entries: remove them or move them to another track first.`, {
        details: { reason: 'track_has_entries', count: held!.n },
      });
    }
    const onlyHere = model.trackJudgeIds(track.id).filter((j) => model.tracksOfJudge(j).length === 1);
    if (onlyHere.length > 0) {
      const names = onlyHere.map((j) => model.judge(j)!.name);
      fail('invalid_state', `${names.join(', ')} score only track ${track.key}: give them another track or remove them first.`, {
        details: { reason: 'judges_only_here', judges: names },
      });
    }
    // Screens that showed it show the first track left (the ceremony's is cleared by its key).
    const next = model.tracks.find((t) => t.id !== track.id)!;
    await tx.update(displays).set({ screenTrackId: next.id }).where(and(eq(displays.contestId, model.contestId), eq(displays.screenTrackId, track.id)));
    await tx.delete(tracks).where(eq(tracks.id, track.id));
    return { data: null, effects: RELOAD, audit: { track: track.key, id: track.id } };
  }, { configuration: true, commandId: input.commandId });
}
