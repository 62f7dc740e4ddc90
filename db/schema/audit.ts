import { bigint, bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { contests } from './contest';

/**
 * Every accepted command, append-only, chained by hash: `hash = sha256(prevHash + canonical record)`,
 * so that any later edit of history breaks the chain (server/store/audit.ts verifies it).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    /** Server time, ms since epoch (exact, no time-zone conversion in the hash). */
    at: bigint({ mode: 'number' }).notNull(),
    actorRole: text().$type<'host' | 'judge' | 'system'>().notNull(),
    actorId: integer(),
    action: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index().on(t.contestId, t.id)],
);
