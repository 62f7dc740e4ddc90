/**
 * The audit log: one record per accepted command, appended in the command's own transaction and
 * chained by SHA-256 so that editing or deleting any record is detectable.
 */
import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import { auditLog } from '../../db/schema/index';
import type { ChainCheck } from '../protocol/rest';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  at: number;
  actorRole: 'host' | 'judge' | 'system';
  actorId: number | null;
  action: string;
  payload: unknown;
}

/** JSON with object keys sorted at every level, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function recordHash(prevHash: string, record: AuditInput): string {
  const body = canonicalJson({
    at: record.at,
    actorRole: record.actorRole,
    actorId: record.actorId,
    action: record.action,
    payload: record.payload,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Appends one record; call inside the command's transaction, after the contest row is locked. */
export async function appendAudit(q: Queryable, contestId: number, record: AuditInput): Promise<number> {
  const [last] = await q
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.contestId, contestId))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round-trip the payload through JSON so the hash covers exactly what jsonb stores.
  const payload = JSON.parse(JSON.stringify(record.payload ?? null)) as unknown;
  const hash = recordHash(prevHash, { ...record, payload });
  const [row] = await q
    .insert(auditLog)
    .values({ contestId, ...record, payload, prevHash, hash })
    .returning({ id: auditLog.id });
  return row!.id;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function readAudit(q: Queryable, contestId: number): Promise<AuditRow[]> {
  return q.select().from(auditLog).where(eq(auditLog.contestId, contestId)).orderBy(asc(auditLog.id));
}


/** Recomputes every hash in order; reports the first record that does not fit the chain. */
export function verifyChain(rows: readonly AuditRow[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, records: rows.length, brokenAt: row.id, reason: 'prevHash does not match the record before' };
    const expected = recordHash(prev, row);
    if (expected !== row.hash) return { ok: false, records: rows.length, brokenAt: row.id, reason: 'hash does not match the record' };
    prev = row.hash;
  }
  return { ok: true, records: rows.length, head: prev };
}
