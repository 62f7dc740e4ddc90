import { boolean, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { PhaseClock } from '../../server/domain/timer';
import { contests, tracks } from './contest';
import { entries, judges } from './people';

export interface SheetDraft {
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
  /** The pad's edit counter: an older draft arriving late never overwrites a newer one. */
  rev: number;
}

/**
 * One judge's sheet for one entry. The submitted values (what counts) and the latest draft
 * (work in progress, shown to the host as "draft") are kept apart, so amending a submitted sheet
 * never un-submits it until the judge submits again.
 */
export const sheets = pgTable(
  'sheets',
  {
    id: serial().primaryKey(),
    entryId: integer()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    /** Hundredths per criterion key; null until first submitted. */
    scores: jsonb().$type<Record<string, number>>(),
    bonus: jsonb().$type<Record<string, number>>(),
    comment: text(),
    submittedAt: timestamp({ withTimezone: true }),
    submitCount: integer().notNull().default(0),
    draft: jsonb().$type<SheetDraft>(),
    draftSavedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.entryId, t.judgeId)],
);

/**
 * What became of a submitted version: `counted` (it is, or was, the judge's sheet), or for one
 * that arrived after its entry closed (`late`): `pending` until the host decides, `kept_out` (不计入,
 * with the host's reason), `superseded` (a newer late version of the same sheet arrived).
 */
export type SheetVersionStatus = 'counted' | 'pending' | 'kept_out' | 'superseded';

/**
 * Every version of a judge's submitted sheet, as it arrived (Tabbycat's BallotSubmission): what a
 * judge sent when is a query, not a reconstruction. A retried submission (same `submissionId`)
 * finds its row here and is answered again without applying anything twice. A submission that
 * reaches the server after its entry closed is kept here too (`late`), never counted silently.
 */
export const sheetVersions = pgTable(
  'sheet_versions',
  {
    id: serial().primaryKey(),
    entryId: integer()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    /** 1 for the first counted submission, 2 for the first amendment, …; null while a late one is not counted. */
    version: integer(),
    submissionId: text().notNull(),
    /** SHA-256 of the submission's payload: a retry must repeat the same sheet, not reuse its id. */
    payloadHash: text().notNull(),
    scores: jsonb().$type<Record<string, number>>().notNull(),
    bonus: jsonb().$type<Record<string, number>>().notNull(),
    comment: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    /** Arrived after the entry's scoring closed. */
    late: boolean().notNull().default(false),
    status: text().$type<SheetVersionStatus>().notNull().default('counted'),
    /** The host's reason when a late version was counted or kept out, and when. */
    note: text(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.entryId, t.judgeId, t.version), unique().on(t.judgeId, t.submissionId)],
);

/** What is on a track's stage: the entry called and its phase clock. */
export const stages = pgTable('stages', {
  trackId: integer()
    .primaryKey()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  entryId: integer().references(() => entries.id, { onDelete: 'set null' }),
  clock: jsonb().$type<PhaseClock>(),
});

/** A host decision ordering entries the tie-break chain left tied (the `manual` rule). */
export const tieDecisions = pgTable('tie_decisions', {
  id: serial().primaryKey(),
  trackId: integer()
    .notNull()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  /** Entry ids, best first. */
  entryOrder: jsonb().$type<number[]>().notNull(),
  reason: text().notNull(),
  decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Receipts of idempotent commands: a retried command with the same key gets the first answer
 * again and changes nothing.
 */
export const commandReceipts = pgTable(
  'command_receipts',
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    actor: text().notNull(),
    key: text().notNull(),
    /** SHA-256 of the command's payload: a retry must repeat the same command, not reuse its key. */
    payloadHash: text().notNull(),
    response: jsonb().$type<unknown>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.contestId, t.actor, t.key)],
);
