/**
 * The rows a command decides on, read inside its transaction with the lock it needs. Commands take
 * their configuration from the in-memory model and only these live rows from the database, so a
 * command costs what it touches, whatever the contest's size.
 *
 * Lock order (every command takes its locks in this order, so two commands never wait on each
 * other in a circle): tracks → stages → entries (by id) → judges → judge_signoffs → sheets →
 * sheet_versions → displays → ceremonies → the audit head, which every command takes last, just
 * before it appends and commits.
 *   - `tracks` FOR SHARE by commands that change a track's results (close, reopen, withdraw,
 *     restore), FOR UPDATE by commands that judge the whole track's results (a tie decision, a
 *     ceremony step, a draw).
 *   - `entries` FOR SHARE by sheet commands (scoring must stay open until they commit), FOR UPDATE
 *     by commands that change an entry.
 */
import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { ceremonies, displays, entries, judgeSignoffs, sheets, sheetVersions, stages, tieDecisions, tracks } from '../../db/schema/index';
import { lateSheetColumns, type CeremonyRow, type DisplayRow, type EntryRow, type LateSheetRow, type SheetRow, type SignOffRow, type StageRow, type TieDecisionRow } from './state';

export type LockStrength = 'update' | 'share';

export async function lockTrack(tx: Tx, trackId: number, strength: LockStrength): Promise<void> {
  await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.id, trackId)).for(strength);
}

export async function lockStage(tx: Tx, trackId: number): Promise<StageRow> {
  const [row] = await tx.select().from(stages).where(eq(stages.trackId, trackId)).for('update');
  return row ?? { trackId, entryId: null, clock: null };
}

export async function readEntry(tx: Tx, entryId: number, strength?: LockStrength): Promise<EntryRow | undefined> {
  const query = tx.select().from(entries).where(eq(entries.id, entryId));
  const [row] = strength ? await query.for(strength) : await query;
  return row;
}

/** Every entry of a track, locked, in running order. */
export async function lockTrackEntries(tx: Tx, trackId: number): Promise<EntryRow[]> {
  const rows = await tx.select().from(entries).where(eq(entries.trackId, trackId)).orderBy(asc(entries.id)).for('update');
  return rows.sort((a, b) => a.position - b.position || a.id - b.id);
}

/** The first waiting entry of a track in running order (other than `except`), locked. */
export async function lockNextWaiting(tx: Tx, trackId: number, except: number | null): Promise<EntryRow | undefined> {
  const [row] = await tx
    .select()
    .from(entries)
    .where(and(eq(entries.trackId, trackId), eq(entries.state, 'waiting'), except === null ? undefined : ne(entries.id, except)))
    .orderBy(asc(entries.position), asc(entries.id))
    .limit(1)
    .for('update');
  return row;
}

export async function updateEntry(
  tx: Tx,
  entryId: number,
  change: Partial<Pick<EntryRow, 'state' | 'position' | 'closedAt' | 'closeReason' | 'panelConfirmedAt' | 'panelConfirmReason'>>,
): Promise<EntryRow> {
  const [row] = await tx.update(entries).set(change).where(eq(entries.id, entryId)).returning();
  return row!;
}

/** Writes positions 1..n in the given order; returns the entries whose position changed. */
export async function renumber(tx: Tx, ordered: readonly EntryRow[]): Promise<EntryRow[]> {
  const changed: EntryRow[] = [];
  for (const [i, entry] of ordered.entries()) {
    if (entry.position !== i + 1) changed.push(await updateEntry(tx, entry.id, { position: i + 1 }));
  }
  return changed;
}

export async function updateStage(tx: Tx, trackId: number, change: Partial<Pick<StageRow, 'entryId' | 'clock'>>): Promise<StageRow> {
  const [row] = await tx.update(stages).set(change).where(eq(stages.trackId, trackId)).returning();
  return row!;
}

/** Withdraws the sign-off of a track by these judges (their sheets there may change again). */
export async function withdrawSignOffs(tx: Tx, trackId: number, judgeIds: readonly number[]): Promise<SignOffRow[]> {
  if (judgeIds.length === 0) return [];
  return tx.delete(judgeSignoffs).where(and(eq(judgeSignoffs.trackId, trackId), inArray(judgeSignoffs.judgeId, [...judgeIds]))).returning();
}

export async function readSheet(tx: Tx, judgeId: number, entryId: number, strength?: LockStrength): Promise<SheetRow | undefined> {
  const query = tx.select().from(sheets).where(and(eq(sheets.entryId, entryId), eq(sheets.judgeId, judgeId)));
  const [row] = strength ? await query.for(strength) : await query;
  return row;
}

/** Every judge's sheet for some entries (a close decides on who submitted and who is amending). */
export async function readEntrySheets(tx: Tx, entryIds: readonly number[]): Promise<SheetRow[]> {
  if (entryIds.length === 0) return [];
  return tx.select().from(sheets).where(inArray(sheets.entryId, [...entryIds])).orderBy(asc(sheets.id));
}

/** A late sheet version by id (locked when asked), with the columns views need. */
export async function readLateSheet(tx: Tx, id: number, strength?: LockStrength): Promise<LateSheetRow | undefined> {
  const query = tx.select(lateSheetColumns).from(sheetVersions).where(and(eq(sheetVersions.id, id), eq(sheetVersions.late, true)));
  const [row] = strength ? await query.for(strength) : await query;
  return row;
}

export async function updateLateSheet(tx: Tx, id: number, change: Partial<Pick<LateSheetRow, 'status' | 'version' | 'note' | 'decidedAt'>>): Promise<LateSheetRow> {
  const [row] = await tx.update(sheetVersions).set(change).where(eq(sheetVersions.id, id)).returning(lateSheetColumns);
  return row!;
}

/** A track's ceremony row, locked. */
export async function lockCeremony(tx: Tx, trackId: number): Promise<CeremonyRow | undefined> {
  const [row] = await tx.select().from(ceremonies).where(eq(ceremonies.trackId, trackId)).for('update');
  return row;
}

export async function upsertCeremony(tx: Tx, trackId: number, change: Partial<Pick<CeremonyRow, 'step' | 'boardShown'>>): Promise<CeremonyRow> {
  const [row] = await tx
    .insert(ceremonies)
    .values({ trackId, ...change })
    .onConflictDoUpdate({ target: ceremonies.trackId, set: change })
    .returning();
  return row!;
}

/** The submitted sheets of some entries (a track's results). */
export async function readSubmittedSheets(tx: Tx, entryIds: readonly number[]): Promise<SheetRow[]> {
  if (entryIds.length === 0) return [];
  return tx.select().from(sheets).where(and(inArray(sheets.entryId, [...entryIds]), isNotNull(sheets.submittedAt))).orderBy(asc(sheets.id));
}

export async function anySheetFor(tx: Tx, entryIds: readonly number[]): Promise<boolean> {
  if (entryIds.length === 0) return false;
  const rows = await tx.select({ id: sheets.id }).from(sheets).where(inArray(sheets.entryId, [...entryIds])).limit(1);
  return rows.length > 0;
}

export async function readTieDecisions(tx: Tx, trackId: number): Promise<TieDecisionRow[]> {
  return tx.select().from(tieDecisions).where(eq(tieDecisions.trackId, trackId)).orderBy(asc(tieDecisions.id));
}

/**
 * Forgets the host's tie decisions that involve an entry whose result changes (reopened, withdrawn,
 * restored): a decision on yesterday's tie must not silently settle a new one.
 */
export async function dropTieDecisionsOf(tx: Tx, trackId: number, entryId: number): Promise<TieDecisionRow[]> {
  return tx
    .delete(tieDecisions)
    .where(and(eq(tieDecisions.trackId, trackId), sql`${tieDecisions.entryOrder} @> ${JSON.stringify([entryId])}::jsonb`))
    .returning();
}

export async function lockDisplay(tx: Tx, contestId: number): Promise<DisplayRow> {
  const [row] = await tx.select().from(displays).where(eq(displays.contestId, contestId)).for('update');
  return row!;
}

export async function updateDisplay(tx: Tx, contestId: number, change: Partial<Omit<DisplayRow, 'contestId'>>): Promise<DisplayRow> {
  const [row] = await tx.update(displays).set(change).where(eq(displays.contestId, contestId)).returning();
  return row!;
}

/** A track's entries without locks (their results are held still by the track's lock). */
export async function readTrackEntries(tx: Tx, trackId: number): Promise<EntryRow[]> {
  const rows = await tx.select().from(entries).where(eq(entries.trackId, trackId));
  return rows.sort((a, b) => a.position - b.position || a.id - b.id);
}

/** Entries of some tracks, locked FOR SHARE (their states stay as read until the commit). */
export async function shareTracksEntries(tx: Tx, trackIds: readonly number[]): Promise<EntryRow[]> {
  if (trackIds.length === 0) return [];
  return tx.select().from(entries).where(inArray(entries.trackId, [...trackIds])).orderBy(asc(entries.id)).for('share');
}
