import { boolean, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { AggregationConfig, Localized, RevealPolicy, TieBreakConfig, TrackDefinition } from '../../server/protocol/contestFile';
import type { ScreenLanguage } from '../../server/protocol/display';

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
    /** Whether the live board shows award tiers before the ceremony (off: the ceremony keeps its suspense). */
    boardShowsAwards: boolean().notNull().default(false),
    /** Fewer counted judges than this and the entry's award waits for the host's confirmation; null: the rule's default. */
    minAwardPanel: integer(),
    /** After an entry closes, the stage side of /screen shows the judges' totals flipping in, then the score. */
    stageShowsTotals: boolean().notNull().default(false),
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
  /** The track whose ceremony the ceremony screens show (its step is in `ceremonies`). */
  ceremonyTrackId: integer().references(() => tracks.id, { onDelete: 'set null' }),
  /** Language of screens that have no language of their own (`/screen?display=<name>`). */
  language: text().$type<ScreenLanguage>().notNull().default('zh-CN'),
  /** Language per named display, set from the console. */
  languages: jsonb().$type<Record<string, ScreenLanguage>>().notNull().default({}),
});

/**
 * A track's award ceremony, once the host has started it: one row per track, so that a track's
 * board stays frozen until its own ceremony reaches the final page, whichever track the ceremony
 * screens show meanwhile.
 */
export const ceremonies = pgTable('ceremonies', {
  trackId: integer()
    .primaryKey()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  /**
   * The step on show, by what it shows (`title`, `tier:<key>`, `entry:<tier>:<entryId>`, `all`)
   * rather than by its number: if the plan changes (an entry withdrawn), a number could point at
   * a winner not yet seen.
   */
  step: text().notNull().default('title'),
  /** The host's override: the track's board shows during its ceremony. */
  boardShown: boolean().notNull().default(false),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
