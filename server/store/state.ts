/**
 * Reads a contest's whole state in one go: what a server process loads into its in-memory model
 * (model.ts) at start, after a configuration change or when it has lost track, and what exports
 * read. Commands never call it: they read and lock only the rows they touch.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import {
  auditHeads, awardTiers, ceremonies, contests, displays, entries, judges, judgeSignoffs, judgeTracks, recusals, rubricItems,
  sheets, sheetVersions, stages, tieDecisions, tracks,
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
export type SignOffRow = typeof judgeSignoffs.$inferSelect;
export type CeremonyRow = typeof ceremonies.$inferSelect;

/** The columns of a late sheet version that views and results need (no idempotency keys). */
export const lateSheetColumns = {
  id: sheetVersions.id,
  entryId: sheetVersions.entryId,
  judgeId: sheetVersions.judgeId,
  version: sheetVersions.version,
  scores: sheetVersions.scores,
  bonus: sheetVersions.bonus,
  comment: sheetVersions.comment,
  submittedAt: sheetVersions.submittedAt,
  status: sheetVersions.status,
  note: sheetVersions.note,
  decidedAt: sheetVersions.decidedAt,
};
/** A sheet version that reached the server after its entry closed, and what the host decided. */
export type LateSheetRow = { [K in keyof typeof lateSheetColumns]: (typeof sheetVersions.$inferSelect)[K] };

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
  /** 签字确认 per judge and track. */
  signOffs: SignOffRow[];
  /** Ceremonies the host has started, one per track. */
  ceremonies: CeremonyRow[];
  /** Sheet versions that arrived after their entry closed, by id. */
  lateSheets: LateSheetRow[];
  /** Seq of the newest audit record: the version of everything read here. */
  seq: number;
  /** Version of the configuration (audit_heads.config_version). */
  configVersion: number;
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

  // One after another: they share the transaction's one connection anyway (and node-postgres
  // will refuse concurrent queries on one client).
  const items = none ? [] : await q.select().from(rubricItems).where(inArray(rubricItems.trackId, trackIds)).orderBy(asc(rubricItems.trackId), asc(rubricItems.position));
  const tiers = none ? [] : await q.select().from(awardTiers).where(inArray(awardTiers.trackId, trackIds)).orderBy(asc(awardTiers.trackId), asc(awardTiers.position));
  const jt = judgeIds.length === 0 ? [] : await q.select().from(judgeTracks).where(inArray(judgeTracks.judgeId, judgeIds));
  const rec = entryIds.length === 0 ? [] : await q.select().from(recusals).where(inArray(recusals.entryId, entryIds));
  const sh = entryIds.length === 0 ? [] : await q.select().from(sheets).where(inArray(sheets.entryId, entryIds)).orderBy(asc(sheets.id));
  const st = none ? [] : await q.select().from(stages).where(inArray(stages.trackId, trackIds));
  const td = none ? [] : await q.select().from(tieDecisions).where(inArray(tieDecisions.trackId, trackIds)).orderBy(asc(tieDecisions.id));
  const disp = await q.select().from(displays).where(eq(displays.contestId, contestId));
  const seqRow = await q.select({ seq: auditHeads.seq, configVersion: auditHeads.configVersion }).from(auditHeads).where(eq(auditHeads.contestId, contestId));
  const so = judgeIds.length === 0 ? [] : await q.select().from(judgeSignoffs).where(inArray(judgeSignoffs.judgeId, judgeIds)).orderBy(asc(judgeSignoffs.judgeId), asc(judgeSignoffs.trackId));
  const cer = none ? [] : await q.select().from(ceremonies).where(inArray(ceremonies.trackId, trackIds)).orderBy(asc(ceremonies.trackId));
  const late = entryIds.length === 0
    ? []
    : await q.select(lateSheetColumns).from(sheetVersions).where(and(inArray(sheetVersions.entryId, entryIds), eq(sheetVersions.late, true))).orderBy(asc(sheetVersions.id));

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
    display: disp[0] ?? { contestId, screenTrackId: null, boardVisible: true, ceremonyTrackId: null, language: 'zh-CN', languages: {} },
    signOffs: so,
    ceremonies: cer,
    lateSheets: late,
    seq: seqRow[0]?.seq ?? 0,
    configVersion: seqRow[0]?.configVersion ?? 1,
  };
}
