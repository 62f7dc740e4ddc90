import { index, integer, pgTable, primaryKey, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { EntryState } from '../../server/domain/stage';
import { contests, tracks } from './contest';

export const entries = pgTable(
  'entries',
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    unit: text().notNull(),
    model: text().notNull(),
    contact: text(),
    /** Place in the track's running order, 1-based. */
    position: integer().notNull(),
    state: text().$type<EntryState>().notNull().default('waiting'),
    closedAt: timestamp({ withTimezone: true }),
    /** The host's reason for closing with sheets missing (null when every sheet was in). */
    closeReason: text(),
    /** The host confirmed the award of an entry scored by fewer judges than the track's minimum panel. */
    panelConfirmedAt: timestamp({ withTimezone: true }),
    panelConfirmReason: text(),
  },
  (t) => [unique().on(t.contestId, t.code), index().on(t.trackId, t.position)],
);

export const judges = pgTable(
  'judges',
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    name: text().notNull(),
    affiliation: text(),
    /** The secret in the judge's link (`/judge/<token>`); shown to the host only. Replacing it (`judge:relink`) cuts the old link off. */
    token: text().notNull(),
  },
  // Tokens are unique per contest: importing the same file again (with fixed tokens) makes a new contest.
  (t) => [unique().on(t.contestId, t.key), unique().on(t.contestId, t.token)],
);

export const judgeTracks = pgTable(
  'judge_tracks',
  {
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.trackId] })],
);

/** 回避: the judge's sheet for this entry does not count. */
export const recusals = pgTable(
  'recusals',
  {
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    entryId: integer()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.entryId] })],
);

/** 签字确认, per track: a judge signs a track once its entries are closed, without waiting for the other. */
export const judgeSignoffs = pgTable(
  'judge_signoffs',
  {
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    signedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.trackId] })],
);

/**
 * The signature a judge drew on the phone at sign-off (签字确认): a PNG data URL, checked at the
 * boundary (server/protocol/signature.ts). Its own table, one per judge and track, as sign-offs are
 * (`judge_signoffs`): signing a track off stores that track's signature. The audit record of the
 * sign-off carries the image's SHA-256.
 */
export const signatures = pgTable(
  'signatures',
  {
    id: serial().primaryKey(),
    judgeId: integer()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    image: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [unique().on(t.judgeId, t.trackId)],
);
