/**
 * Writing what the journal holds back into a database: a checkpoint (every row of one contest, as
 * read at one moment) and records (a command's effects, the rows its effects leave out, its audit
 * record). Effects are the rows a command changed as they are after it, so writing them is an
 * upsert per effect, whatever the command was. Used to catch a PGlite directory up with its
 * journal and to rebuild one from scratch (server/store/recovery.ts); never on the hot path.
 */
import { and, asc, eq, getTableColumns, inArray, sql, type Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from '../../db/open';
import {
  auditHeads, auditLog, awardTiers, ceremonies, commandReceipts, contests, displays, entries, judges, judgeSignoffs, judgeTracks, recusals,
  rubricItems, settings, sheets, sheetVersions, signatures, stages, tieDecisions, tracks,
} from '../../db/schema/index';
import { dateOf, type Effect } from './effects';
import { loadContestState } from './state';

export type SheetVersionRow = typeof sheetVersions.$inferSelect;
export type ReceiptRow = typeof commandReceipts.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type SettingRow = typeof settings.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;

/** Rows a command writes that its effects leave out: secrets and history. Only the journal keeps them. */
export interface RowsBesideEffects {
  sheetVersions?: SheetVersionRow[];
  receipts?: ReceiptRow[];
  /** A judge's new link (a relink): the token is a secret, never in effects or the audit record. */
  judgeTokens?: { id: number; token: string }[];
  /** A signature drawn at sign-off (the record keeps only its hash). */
  signatures?: SignatureRow[];
}

/** One committed command as the journal keeps it: enough to write it again and to check its hash. */
export interface CommittedRecord {
  contestId: number;
  seq: number;
  prevHash: string;
  hash: string;
  configVersion: number;
  at: number;
  actorRole: 'host' | 'judge' | 'system';
  actorId: number | null;
  action: string;
  payload: unknown;
  effects: Effect[] | null;
  rows?: RowsBesideEffects;
}

/** Every row of one contest, tables in the order they can be inserted (references first). */
export const CONTEST_TABLES = {
  contests, tracks, rubricItems, awardTiers, ceremonies, entries, judges, judgeTracks, judgeSignoffs, signatures, recusals, sheets, sheetVersions,
  stages, tieDecisions, displays, commandReceipts, auditLog, auditHeads,
} as const;
export type ContestRows = { [K in keyof typeof CONTEST_TABLES]: (typeof CONTEST_TABLES)[K]['$inferSelect'][] };

/** Reads every row of a contest (call it in one repeatable-read transaction for a consistent picture). */
export async function readContestRows(q: Queryable, contestId: number): Promise<ContestRows> {
  const state = await loadContestState(q, contestId);
  const entryIds = state.entries.map((e) => e.id);
  const judgeIds = state.judges.map((j) => j.id);
  return {
    contests: [state.contest],
    tracks: state.tracks,
    rubricItems: state.rubricItems,
    awardTiers: state.awardTiers,
    ceremonies: state.ceremonies,
    entries: state.entries,
    judges: state.judges,
    judgeTracks: state.judgeTracks,
    judgeSignoffs: state.signOffs,
    signatures: judgeIds.length === 0 ? [] : await q.select().from(signatures).where(inArray(signatures.judgeId, judgeIds)).orderBy(asc(signatures.id)),
    recusals: state.recusals,
    sheets: state.sheets,
    sheetVersions: entryIds.length === 0 ? [] : await q.select().from(sheetVersions).where(inArray(sheetVersions.entryId, entryIds)).orderBy(asc(sheetVersions.id)),
    stages: state.stages,
    tieDecisions: state.tieDecisions,
    displays: [state.display],
    commandReceipts: await q.select().from(commandReceipts).where(eq(commandReceipts.contestId, contestId)).orderBy(asc(commandReceipts.id)),
    auditLog: await q.select().from(auditLog).where(eq(auditLog.contestId, contestId)).orderBy(asc(auditLog.seq)),
    auditHeads: await q.select().from(auditHeads).where(eq(auditHeads.contestId, contestId)),
  };
}

/** Rows that went through JSON (dates as text) made fit for their table again. */
export function reviveRows<T extends Table>(table: T, rows: readonly Record<string, unknown>[]): T['$inferInsert'][] {
  const dates = Object.entries(getTableColumns(table))
    .filter(([, column]) => column.columnType === 'PgTimestamp')
    .map(([key]) => key);
  return rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const key of dates) if (typeof copy[key] === 'string') copy[key] = new Date(copy[key] as string);
    return copy as T['$inferInsert'];
  });
}

/** Inserts rows in chunks (PostgreSQL takes at most 65,535 parameters per statement). */
async function insertAll(tx: Tx, table: PgTable, rows: readonly Record<string, unknown>[]): Promise<void> {
  const revived = reviveRows(table, rows);
  for (let i = 0; i < revived.length; i += 200) await tx.insert(table).values(revived.slice(i, i + 200));
}

/** Writes a contest read by readContestRows (possibly through JSON) into a database that does not have it. */
export async function writeContestRows(tx: Tx, rows: ContestRows): Promise<void> {
  for (const [name, table] of Object.entries(CONTEST_TABLES)) {
    const list = rows[name as keyof ContestRows] as unknown as Record<string, unknown>[];
    if (list.length > 0) await insertAll(tx, table, list);
  }
}

/** Replaces the installation's settings (the host key's hash). */
export async function writeSettings(tx: Tx, rows: readonly SettingRow[]): Promise<void> {
  for (const row of rows) {
    await tx.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: { value: row.value } });
  }
}

/**
 * Writes one effect's row as the effect gives it. Effects are rows after the command (the entry's
 * live fields, a whole sheet, a recusal or its absence …), so writing them again is idempotent.
 */
export async function persistEffect(tx: Tx, contestId: number, effect: Effect, rows: RowsBesideEffects = {}): Promise<void> {
  switch (effect.kind) {
    case 'entry':
      await tx
        .update(entries)
        .set({
          state: effect.state, position: effect.position, closedAt: dateOf(effect.closedAt),
          // Absent on records written before these were kept: left as they are.
          ...(effect.closeReason !== undefined ? { closeReason: effect.closeReason } : {}),
          ...(effect.panelConfirmed !== undefined
            ? { panelConfirmedAt: effect.panelConfirmed ? new Date(effect.panelConfirmed.at) : null, panelConfirmReason: effect.panelConfirmed?.reason ?? null }
            : {}),
        })
        .where(eq(entries.id, effect.id));
      return;
    case 'stage':
      await tx
        .insert(stages)
        .values({ trackId: effect.trackId, entryId: effect.entryId, clock: effect.clock })
        .onConflictDoUpdate({ target: stages.trackId, set: { entryId: effect.entryId, clock: effect.clock } });
      return;
    case 'sheet': {
      const row = {
        entryId: effect.entryId, judgeId: effect.judgeId, scores: effect.scores, bonus: effect.bonus, comment: effect.comment,
        submittedAt: dateOf(effect.submittedAt), submitCount: effect.submitCount, draft: effect.draft, draftSavedAt: dateOf(effect.draftSavedAt),
      };
      await tx.insert(sheets).values({ id: effect.id, ...row }).onConflictDoUpdate({ target: sheets.id, set: row });
      return;
    }
    case 'recusal': {
      if (!effect.recusal) {
        await tx.delete(recusals).where(and(eq(recusals.judgeId, effect.judgeId), eq(recusals.entryId, effect.entryId)));
        return;
      }
      const values = { reason: effect.recusal.reason, createdAt: new Date(effect.recusal.createdAt) };
      await tx
        .insert(recusals)
        .values({ judgeId: effect.judgeId, entryId: effect.entryId, ...values })
        .onConflictDoUpdate({ target: [recusals.judgeId, recusals.entryId], set: values });
      return;
    }
    case 'tieDecision': {
      if (!effect.decision) {
        await tx.delete(tieDecisions).where(eq(tieDecisions.id, effect.id));
        return;
      }
      const values = { trackId: effect.trackId, entryOrder: effect.decision.entryOrder, reason: effect.decision.reason, decidedAt: new Date(effect.decision.decidedAt) };
      await tx.insert(tieDecisions).values({ id: effect.id, ...values }).onConflictDoUpdate({ target: tieDecisions.id, set: values });
      return;
    }
    case 'display':
      await tx
        .update(displays)
        .set({
          screenTrackId: effect.screenTrackId, boardVisible: effect.boardVisible, ceremonyTrackId: effect.ceremonyTrackId,
          ...(effect.language !== undefined ? { language: effect.language } : {}),
          ...(effect.languages !== undefined ? { languages: effect.languages } : {}),
        })
        .where(eq(displays.contestId, contestId));
      return;
    case 'ceremony': {
      if (!effect.ceremony) {
        await tx.delete(ceremonies).where(eq(ceremonies.trackId, effect.trackId));
        return;
      }
      const values = { step: effect.ceremony.step, boardShown: effect.ceremony.boardShown, startedAt: new Date(effect.ceremony.startedAt) };
      await tx.insert(ceremonies).values({ trackId: effect.trackId, ...values }).onConflictDoUpdate({ target: ceremonies.trackId, set: values });
      return;
    }
    case 'signOff':
      await persistSignOff(tx, effect.judgeId, effect.trackId, effect.signedAt);
      return;
    case 'judge': {
      // Records from before sign-offs were per track: the judge's sign-off of all their tracks.
      const tracksOfJudge = await tx.select({ trackId: judgeTracks.trackId }).from(judgeTracks).where(eq(judgeTracks.judgeId, effect.id));
      for (const { trackId } of tracksOfJudge) await persistSignOff(tx, effect.id, trackId, effect.signedOffAt);
      return;
    }
    case 'lateSheet':
      // The version itself is written from the record's rows (the effect leaves its submissionId out).
      await tx
        .update(sheetVersions)
        .set({
          version: effect.version, scores: effect.scores, bonus: effect.bonus, comment: effect.comment, submittedAt: new Date(effect.submittedAt),
          status: effect.status, note: effect.note, decidedAt: dateOf(effect.decidedAt),
        })
        .where(eq(sheetVersions.id, effect.id));
      return;
    case 'judgeLink': {
      const link = rows.judgeTokens?.find((t) => t.id === effect.id);
      if (!link) throw new Error(`the journal lacks judge ${effect.id}'s new link`);
      await tx.update(judges).set({ token: link.token }).where(eq(judges.id, effect.id));
      return;
    }
    case 'drawSeed':
      await tx.update(tracks).set({ drawSeed: effect.drawSeed }).where(eq(tracks.id, effect.trackId));
      return;
    case 'config':
      // The head's configuration version is written with the record.
      return;
    case 'reload':
      throw new Error('a change too wide for effects cannot be written from its record; the journal holds a checkpoint after it');
  }
}

async function persistSignOff(tx: Tx, judgeId: number, trackId: number, signedAt: number | null): Promise<void> {
  if (signedAt === null) {
    await tx.delete(judgeSignoffs).where(and(eq(judgeSignoffs.judgeId, judgeId), eq(judgeSignoffs.trackId, trackId)));
    return;
  }
  const values = { signedAt: new Date(signedAt) };
  await tx.insert(judgeSignoffs).values({ judgeId, trackId, ...values }).onConflictDoUpdate({ target: [judgeSignoffs.judgeId, judgeSignoffs.trackId], set: values });
}

/** Writes every effect of a record, in order. */
export async function persistEffects(tx: Tx, contestId: number, effects: readonly Effect[], rows: RowsBesideEffects = {}): Promise<void> {
  for (const effect of effects) await persistEffect(tx, contestId, effect, rows);
}

/** Writes a committed record again: its effects, the rows beside them, the audit record and the head. */
export async function persistRecord(tx: Tx, record: CommittedRecord): Promise<void> {
  const rows = record.rows ?? {};
  // The rows first: an effect may describe one of them (a late version's status).
  if (rows.sheetVersions?.length) await tx.insert(sheetVersions).values(reviveRows(sheetVersions, rows.sheetVersions)).onConflictDoNothing();
  if (rows.receipts?.length) await tx.insert(commandReceipts).values(reviveRows(commandReceipts, rows.receipts)).onConflictDoNothing();
  for (const signature of reviveRows(signatures, rows.signatures ?? [])) {
    // One per judge and track: the new one replaces the earlier.
    await tx.delete(signatures).where(and(eq(signatures.judgeId, signature.judgeId), eq(signatures.trackId, signature.trackId)));
    await tx.insert(signatures).values(signature);
  }
  await persistEffects(tx, record.contestId, record.effects ?? [], rows);
  await tx.insert(auditLog).values({
    contestId: record.contestId, seq: record.seq, at: record.at, actorRole: record.actorRole, actorId: record.actorId, action: record.action,
    payload: record.payload, effects: record.effects, prevHash: record.prevHash, hash: record.hash,
  });
  await tx
    .update(auditHeads)
    .set({ seq: record.seq, hash: record.hash, configVersion: record.configVersion })
    .where(eq(auditHeads.contestId, record.contestId));
}

/** Tables with a serial id: after rows were written with their ids, each sequence must continue after the largest. */
const SERIAL_TABLES = ['contests', 'tracks', 'rubric_items', 'award_tiers', 'entries', 'judges', 'signatures', 'sheets', 'sheet_versions', 'tie_decisions', 'command_receipts', 'audit_log'];

export async function resetSequences(tx: Tx): Promise<void> {
  for (const table of SERIAL_TABLES) {
    await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1), (select max(id) from ${table}) is not null)`));
  }
}
