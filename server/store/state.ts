/**
 * Reads a contest's whole state in one go. Contests are small (tens of entries, a handful of
 * judges, hundreds of sheets), so every view and every command works from a complete, consistent
 * picture rather than from piecemeal queries.
 */
import { asc, desc, eq, inArray, max } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import {
  auditLog, awardTiers, contests, displays, entries, judges, judgeTracks, recusals, rubricItems,
  sheets, stages, tieDecisions, tracks,
} from '../../db/schema/index';

export type ContestRow = typeof contests.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;
export type RubricItemRow = typeof rubricItems.$inferSelect;
export type AwardTierRow = typeof awardTiers.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;
export type JudgeRow = typeof judges.$inferSelect;
export type JudgeTrackRow = typeof judgeTracks.$inferSelect;
export type RecusalRow = typeof recusals.$inferSelect;
export type SheetRow = typeof sheets.$inferSelect;
export type StageRow = typeof stages.$inferSelect;
export type TieDecisionRow = typeof tieDecisions.$inferSelect;
export type DisplayRow = typeof displays.$inferSelect;

export interface ContestState {
  contest: ContestRow;
  /** In display order. */
  tracks: TrackRow[];
  /** In rubric order. */
  rubricItems: RubricItemRow[];
  /** Best tier first. */
  awardTiers: AwardTierRow[];
  /** In running order per track. */
  entries: EntryRow[];
  judges: JudgeRow[];
  judgeTracks: JudgeTrackRow[];
  recusals: RecusalRow[];
  sheets: SheetRow[];
  stages: StageRow[];
  tieDecisions: TieDecisionRow[];
  display: DisplayRow;
  /** Id of the newest audit record: the version of everything read here. */
  seq: number;
}

/** The contest the server serves: the most recently imported one. */
export async function currentContestId(q: Queryable): Promise<number | null> {
  const [row] = await q.select({ id: contests.id }).from(contests).orderBy(desc(contests.id)).limit(1);
  return row?.id ?? null;
}

export async function loadContestState(q: Queryable, contestId: number): Promise<ContestState> {
  const [contest] = await q.select().from(contests).where(eq(contests.id, contestId));
  if (!contest) throw new Error(`contest ${contestId} does not exist`);
  const trackRows = await q.select().from(tracks).where(eq(tracks.contestId, contestId)).orderBy(asc(tracks.position));
  const trackIds = trackRows.map((t) => t.id);
  const entryRows = await q
    .select()
    .from(entries)
    .where(eq(entries.contestId, contestId))
    .orderBy(asc(entries.trackId), asc(entries.position), asc(entries.id));
  const judgeRows = await q.select().from(judges).where(eq(judges.contestId, contestId)).orderBy(asc(judges.id));
  const entryIds = entryRows.map((e) => e.id);
  const judgeIds = judgeRows.map((j) => j.id);
  const none = trackIds.length === 0;

  const [items, tiers, jt, rec, sh, st, td, disp, seqRow] = await Promise.all([
    none ? [] : q.select().from(rubricItems).where(inArray(rubricItems.trackId, trackIds)).orderBy(asc(rubricItems.trackId), asc(rubricItems.position)),
    none ? [] : q.select().from(awardTiers).where(inArray(awardTiers.trackId, trackIds)).orderBy(asc(awardTiers.trackId), asc(awardTiers.position)),
    judgeIds.length === 0 ? [] : q.select().from(judgeTracks).where(inArray(judgeTracks.judgeId, judgeIds)),
    entryIds.length === 0 ? [] : q.select().from(recusals).where(inArray(recusals.entryId, entryIds)),
    entryIds.length === 0 ? [] : q.select().from(sheets).where(inArray(sheets.entryId, entryIds)).orderBy(asc(sheets.id)),
    none ? [] : q.select().from(stages).where(inArray(stages.trackId, trackIds)),
    none ? [] : q.select().from(tieDecisions).where(inArray(tieDecisions.trackId, trackIds)).orderBy(asc(tieDecisions.id)),
    q.select().from(displays).where(eq(displays.contestId, contestId)),
    q.select({ seq: max(auditLog.id) }).from(auditLog).where(eq(auditLog.contestId, contestId)),
  ]);

  return {
    contest,
    tracks: trackRows,
    rubricItems: items,
    awardTiers: tiers,
    entries: entryRows,
    judges: judgeRows,
    judgeTracks: jt,
    recusals: rec,
    sheets: sh,
    stages: st,
    tieDecisions: td,
    display: disp[0] ?? { contestId, screenTrackId: null, boardVisible: true, ceremonyTrackId: null, ceremonyStep: 'title' },
    seq: Number(seqRow[0]?.seq ?? 0),
  };
}
