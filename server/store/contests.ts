/**
 * Several contests in one database: which one the server serves (a settings row, so a restart
 * serves the same one), the list /setup shows, switching the served contest and archiving one.
 * Switching and archiving are recorded in the audit chains of the contests they concern, like
 * every other change; they are not commands of the served contest's pipeline (they concern two
 * contests, or one that is not served), so they lock what they change themselves: the setting
 * row, then each contest's audit head.
 */
import { and, asc, count, eq, inArray, isNotNull, max, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../db/open';
import { auditHeads, contests, entries, judges, settings, sheets, tracks } from '../../db/schema/index';
import type { ContestSummary } from '../protocol/rest';
import { appendAudit } from './audit';

const SERVED = 'served_contest';

/** The contest this installation serves: the setting, or (a database from before it) the newest one. */
export async function servedContestId(q: Queryable): Promise<number | null> {
  const [row] = await q
    .select({ id: contests.id })
    .from(settings)
    .innerJoin(contests, sql`${contests.id}::text = ${settings.value}`)
    .where(eq(settings.key, SERVED));
  if (row) return row.id;
  const [newest] = await q.select({ id: max(contests.id) }).from(contests);
  return newest?.id ?? null;
}

/** Makes `contestId` the served contest (inside the caller's transaction). */
export async function setServedContest(q: Queryable, contestId: number): Promise<void> {
  await q
    .insert(settings)
    .values({ key: SERVED, value: String(contestId) })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(contestId) } });
}

/** Every contest with what the list shows, oldest first. */
export async function listContests(q: Queryable): Promise<ContestSummary[]> {
  const served = await servedContestId(q);
  const rows = await q.select().from(contests).orderBy(asc(contests.id));
  if (rows.length === 0) return [];
  const ids = rows.map((c) => c.id);
  const countBy = async <T extends { contestId: number; n: number }>(query: Promise<T[]>) => new Map((await query).map((r) => [r.contestId, r.n]));
  const [trackCounts, entryCounts, judgeCounts, sheetCounts, heads] = await Promise.all([
    countBy(q.select({ contestId: tracks.contestId, n: count() }).from(tracks).where(inArray(tracks.contestId, ids)).groupBy(tracks.contestId)),
    countBy(q.select({ contestId: entries.contestId, n: count() }).from(entries).where(inArray(entries.contestId, ids)).groupBy(entries.contestId)),
    countBy(q.select({ contestId: judges.contestId, n: count() }).from(judges).where(inArray(judges.contestId, ids)).groupBy(judges.contestId)),
    countBy(
      q
        .select({ contestId: entries.contestId, n: count() })
        .from(sheets)
        .innerJoin(entries, eq(entries.id, sheets.entryId))
        .where(and(inArray(entries.contestId, ids), isNotNull(sheets.submittedAt)))
        .groupBy(entries.contestId),
    ),
    q.select({ contestId: auditHeads.contestId, seq: auditHeads.seq }).from(auditHeads).where(inArray(auditHeads.contestId, ids)),
  ]);
  const records = new Map(heads.map((h) => [h.contestId, h.seq]));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    date: c.date,
    venue: c.venue,
    createdAt: c.createdAt.toISOString(),
    archivedAt: c.archivedAt?.toISOString() ?? null,
    served: c.id === served,
    tracks: trackCounts.get(c.id) ?? 0,
    entries: entryCounts.get(c.id) ?? 0,
    judges: judgeCounts.get(c.id) ?? 0,
    submittedSheets: sheetCounts.get(c.id) ?? 0,
    records: records.get(c.id) ?? 0,
  }));
}

export class ContestChangeRefused extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_state',
    message: string,
  ) {
    super(message);
    this.name = 'ContestChangeRefused';
  }
}

async function contestRow(tx: Tx, contestId: number) {
  const [row] = await tx.select().from(contests).where(eq(contests.id, contestId)).for('update');
  if (!row) throw new ContestChangeRefused('not_found', `There is no contest ${contestId}.`);
  return row;
}

/** Appends a host record to a contest's chain (its head locked by the append, after the contest rows). */
async function record(tx: Tx, contestId: number, action: string, payload: unknown, now: number): Promise<void> {
  await appendAudit(tx, contestId, { at: now, actorRole: 'host', actorId: null, action, payload, effects: [] });
}

/**
 * Serves another contest from now on. Recorded in both chains: `contest:leave` in the one taken
 * off the air, `contest:serve` in the one put on. An archived contest must leave the archive first.
 */
export async function switchServedContest(db: Db, contestId: number, now: number): Promise<{ previous: number | null }> {
  return db.transaction(async (tx) => {
    // The setting row first: two switches at once take turns.
    await tx.insert(settings).values({ key: SERVED, value: '' }).onConflictDoNothing();
    await tx.select().from(settings).where(eq(settings.key, SERVED)).for('update');
    const previous = await servedContestId(tx);
    const target = await contestRow(tx, contestId);
    if (target.archivedAt) throw new ContestChangeRefused('invalid_state', `Contest ${contestId} is archived; take it out of the archive before serving it.`);
    if (previous === contestId) return { previous };
    if (previous !== null) await record(tx, previous, 'contest:leave', { servedContestId: contestId }, now);
    await record(tx, contestId, 'contest:serve', { previousContestId: previous }, now);
    await setServedContest(tx, contestId);
    return { previous };
  });
}

/** Puts a contest in the archive, or takes it out. The served contest cannot be archived. */
export async function archiveContest(db: Db, contestId: number, archived: boolean, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: SERVED, value: '' }).onConflictDoNothing();
    await tx.select().from(settings).where(eq(settings.key, SERVED)).for('update');
    const row = await contestRow(tx, contestId);
    if (archived && (await servedContestId(tx)) === contestId) {
      throw new ContestChangeRefused('invalid_state', 'This is the contest being served: serve another one first, then archive this one.');
    }
    if ((row.archivedAt !== null) === archived) return;
    await tx.update(contests).set({ archivedAt: archived ? new Date(now) : null }).where(eq(contests.id, contestId));
    await record(tx, contestId, archived ? 'contest:archive' : 'contest:unarchive', {}, now);
  });
}
