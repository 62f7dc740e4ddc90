import { bigint, bigserial, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { contests } from './contest';

/**
 * Every accepted command, append-only, chained by hash: `hash = sha256(prevHash + canonical record)`,
 * so that any later edit of history breaks the chain (server/store/audit.ts verifies it). `seq`
 * numbers a contest's records 1, 2, 3 … in the order they committed: it is the version every view
 * and patch carries.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    seq: bigint({ mode: 'number' }).notNull(),
    /** Server time, ms since epoch (exact, no time-zone conversion in the hash). */
    at: bigint({ mode: 'number' }).notNull(),
    actorRole: text().$type<'host' | 'judge' | 'system'>().notNull(),
    actorId: integer(),
    action: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    /**
     * The rows the command changed, as they were after it (server/store/effects.ts): what every
     * server process applies to its in-memory model. Covered by the hash. Null on records written
     * before effects were recorded.
     */
    effects: jsonb().$type<unknown[]>(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [unique().on(t.contestId, t.seq)],
);

/**
 * The head of a contest's audit chain: the last record's seq and hash, and the version of the
 * contest's configuration. Every command locks this one row just before it commits (and only
 * then), so records form one total order without commands reading the whole contest; commands
 * that change the configuration lock it first and bump `configVersion`, so a command checked
 * against an outdated configuration is detected and run again.
 */
export const auditHeads = pgTable('audit_heads', {
  contestId: integer()
    .primaryKey()
    .references(() => contests.id, { onDelete: 'cascade' }),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
  configVersion: integer().notNull().default(1),
});
