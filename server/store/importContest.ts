/**
 * Writes a validated contest definition into the database as a new contest, in one transaction,
 * with its audit record, and makes it the served contest (server/store/contests.ts).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open';
import {
  awardTiers, contests, displays, entries, judges, judgeTracks, recusals, rubricItems, stages, tracks,
} from '../../db/schema/index';
import type { ContestDefinition, TrackDefinition } from '../protocol/contestFile';
import { appendAudit, createHead } from './audit';
import { setServedContest } from './contests';

/** A judge link secret: 128 random bits, URL-safe. */
export function newJudgeToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Running order from the file: entries with an `order` first (by it), then the rest in file order. */
function runningOrder<T extends { order?: number | undefined }>(list: T[]): T[] {
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.order ?? Infinity) - (b.item.order ?? Infinity) || a.index - b.index)
    .map(({ item }) => item);
}

/** A track's own columns (not its rubric or awards), as the file defines them. */
export function trackColumns(t: TrackDefinition) {
  return {
    key: t.key,
    name: t.name,
    aggregation: t.aggregation,
    tieBreaks: t.tieBreaks,
    minAwardScore: t.minAwardScore ?? null,
    timings: t.timings,
    reveal: t.reveal,
    ceremonyShowsScores: t.ceremonyShowsScores,
    boardShowsAwards: t.boardShowsAwards,
    minAwardPanel: t.minAwardPanel ?? null,
    stageShowsTotals: t.stageShowsTotals,
  };
}

/** Writes a track's criteria, bonus items and award tiers (after removing any it had). */
export async function writeRubric(tx: Tx, trackId: number, t: TrackDefinition): Promise<void> {
  await tx.delete(rubricItems).where(eq(rubricItems.trackId, trackId));
  await tx.delete(awardTiers).where(eq(awardTiers.trackId, trackId));
  const items = [
    ...t.criteria.map((c) => ({ ...c, kind: 'criterion' as const })),
    ...t.bonus.map((c) => ({ ...c, kind: 'bonus' as const })),
  ];
  await tx.insert(rubricItems).values(
    items.map((c, i) => ({
      trackId, kind: c.kind, key: c.key, label: c.label, description: c.description ?? null, max: c.max, step: c.step, position: i,
    })),
  );
  await tx.insert(awardTiers).values(t.awards.map((a, i) => ({ trackId, key: a.key, name: a.name, count: a.count, position: i })));
}

/** A judge with the tracks they score; returns the judge's id. */
export async function insertJudge(
  tx: Tx,
  contestId: number,
  j: { key: string; name: string; affiliation: string | null; token: string; trackIds: readonly number[] },
): Promise<number> {
  const [row] = await tx.insert(judges).values({ contestId, key: j.key, name: j.name, affiliation: j.affiliation, token: j.token }).returning({ id: judges.id });
  if (j.trackIds.length > 0) await tx.insert(judgeTracks).values(j.trackIds.map((trackId) => ({ judgeId: row!.id, trackId })));
  return row!.id;
}

export async function importContest(db: Db, def: ContestDefinition, now: number = Date.now()): Promise<number> {
  return db.transaction((tx) => writeContest(tx, def, now));
}

/** Writes the contest inside the caller's transaction (see importContest) and serves it. */
export async function writeContest(tx: Tx, def: ContestDefinition, now: number): Promise<number> {
  const [contest] = await tx
    .insert(contests)
    .values({ name: def.name, subtitle: def.subtitle ?? null, date: def.date ?? null, venue: def.venue ?? null })
    .returning({ id: contests.id });
  const contestId = contest!.id;

  const trackIdByKey = new Map<string, number>();
  for (const [position, t] of def.tracks.entries()) {
    const [row] = await tx.insert(tracks).values({ contestId, position, ...trackColumns(t) }).returning({ id: tracks.id });
    const trackId = row!.id;
    trackIdByKey.set(t.key, trackId);
    await writeRubric(tx, trackId, t);
    await tx.insert(stages).values({ trackId, entryId: null, clock: null });
  }

  const entryIdByCode = new Map<string, number>();
  for (const t of def.tracks) {
    const ordered = runningOrder(def.entries.filter((e) => e.track === t.key));
    for (const [i, e] of ordered.entries()) {
      const [row] = await tx
        .insert(entries)
        .values({
          contestId, trackId: trackIdByKey.get(t.key)!, code: e.code, unit: e.unit, model: e.model,
          contact: e.contact ?? null, position: i + 1,
        })
        .returning({ id: entries.id });
      entryIdByCode.set(e.code, row!.id);
    }
  }

  const judgeIdByKey = new Map<string, number>();
  for (const j of def.judges) {
    const id = await insertJudge(tx, contestId, { ...j, affiliation: j.affiliation ?? null, token: j.token ?? newJudgeToken(), trackIds: j.tracks.map((k) => trackIdByKey.get(k)!) });
    judgeIdByKey.set(j.key, id);
  }

  if (def.recusals.length > 0) {
    await tx.insert(recusals).values(
      def.recusals.map((r) => ({ judgeId: judgeIdByKey.get(r.judge)!, entryId: entryIdByCode.get(r.entry)!, reason: r.reason ?? null })),
    );
  }

  await tx.insert(displays).values({ contestId, screenTrackId: trackIdByKey.get(def.tracks[0]!.key)!, boardVisible: true });

  // The record carries the whole definition with the ids it was given (tokens left out), so the
  // results can be recomputed from the audit log alone.
  await createHead(tx, contestId);
  await appendAudit(tx, contestId, {
    at: now,
    actorRole: 'system',
    actorId: null,
    action: 'contest:import',
    payload: {
      ...def,
      tracks: def.tracks.map((t) => ({ ...t, id: trackIdByKey.get(t.key) })),
      judges: def.judges.map(({ token: _token, ...j }) => ({ ...j, id: judgeIdByKey.get(j.key) })),
      entries: def.entries.map((e) => ({ ...e, id: entryIdByCode.get(e.code) })),
    },
  });
  await setServedContest(tx, contestId);
  return contestId;
}
