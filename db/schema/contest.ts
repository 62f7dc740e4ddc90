import { boolean, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { AggregationConfig, Localized, RevealPolicy, TieBreakConfig, TrackDefinition } from '../../server/protocol/contestFile';

/** Installation-wide settings, such as the hashed host key and the contest being served. */
export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});

export const contests = pgTable('contests', {
  id: serial().primaryKey(),
  name: jsonb().$type<Localized>().notNull(),
  subtitle: jsonb().$type<Localized>(),
  date: text(),
  venue: jsonb().$type<Localized>(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /**
   * Put away by the host (/setup): kept whole, exportable, listed apart, never served until it is
   * taken out of the archive. Null for a contest in use.
   */
  archivedAt: timestamp({ withTimezone: true }),
});

export const tracks = pgTable(
  'tracks',
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    name: jsonb().$type<Localized>().notNull(),
    position: integer().notNull(),
    aggregation: jsonb().$type<AggregationConfig>().notNull(),
    tieBreaks: jsonb().$type<TieBreakConfig[]>().notNull(),
    /** Hundredths; entries below it get no award. */
    minAwardScore: integer(),
    timings: jsonb().$type<TrackDefinition['timings']>().notNull(),
    reveal: text().$type<RevealPolicy>().notNull(),
    ceremonyShowsScores: boolean().notNull().default(true),
    /** Seed of the last running-order draw, shown so that anyone can reproduce it. */
    drawSeed: text(),
  },
  (t) => [unique().on(t.contestId, t.key)],
);

/** Criteria and bonus items of a track's rubric; points in hundredths. */
export const rubricItems = pgTable(
  'rubric_items',
  {
    id: serial().primaryKey(),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    kind: text().$type<'criterion' | 'bonus'>().notNull(),
    key: text().notNull(),
    label: jsonb().$type<Localized>().notNull(),
    description: jsonb().$type<Localized>(),
    max: integer().notNull(),
    step: integer().notNull(),
    position: integer().notNull(),
  },
  (t) => [unique().on(t.trackId, t.key)],
);

export const awardTiers = pgTable(
  'award_tiers',
  {
    id: serial().primaryKey(),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    name: jsonb().$type<Localized>().notNull(),
    count: integer().notNull(),
    position: integer().notNull(),
  },
  (t) => [unique().on(t.trackId, t.key)],
);

/** What the public screens show, as the host sets it: one row per contest. */
export const displays = pgTable('displays', {
  contestId: integer()
    .primaryKey()
    .references(() => contests.id, { onDelete: 'cascade' }),
  /** Track shown on screens that do not pin one (`/screen?track=` pins). */
  screenTrackId: integer().references(() => tracks.id, { onDelete: 'set null' }),
  boardVisible: boolean().notNull().default(true),
  ceremonyTrackId: integer().references(() => tracks.id, { onDelete: 'set null' }),
  /**
   * The ceremony step on show, by what it shows (`title`, `tier:<key>`, `all`) rather than by its
   * number: if the plan changes (an entry withdrawn), a number could point at a tier not yet seen.
   */
  ceremonyStep: text().notNull().default('title'),
});
