/**
 * The audit log: one record per accepted command, appended in the command's own transaction and
 * chained by SHA-256 so that editing or deleting any record is detectable. The chain's head (last
 * seq and hash) lives in one row per contest, `audit_heads`: appending locks that row, so records
 * form one total order, and nothing else about the contest has to be read or locked to append.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '../../db/open';
import { auditHeads, auditLog } from '../../db/schema/index';
import type { ChainCheck } from '../protocol/rest';
import type { Effect } from './effects';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  at: number;
  actorRole: 'host' | 'judge' | 'system';
  actorId: number | null;
  action: string;
  payload: unknown;
  /** The rows the command changed (null on records written before effects were recorded). */
  effects?: readonly Effect[] | null;
}

/** The head of a contest's chain. */
export interface AuditHead {
  seq: number;
  hash: string;
  configVersion: number;
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
    // Older records had no effects; their hash stays what it was.
    effects: record.effects ?? undefined,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Starts a contest's chain (a new contest, in the transaction that writes it). */
export async function createHead(q: Queryable, contestId: number): Promise<AuditHead> {
  const head = { seq: 0, hash: GENESIS_HASH, configVersion: 1 };
  await q.insert(auditHeads).values({ contestId, ...head });
  return head;
}

/**
 * Locks the contest's head row until the transaction ends and returns it. Ordinary commands call
 * it last, just before appending, so they hold it only for the append and the commit; commands
 * that change the configuration call it first, so that nothing commits while they check and write.
 */
export async function lockHead(q: Queryable, contestId: number): Promise<AuditHead> {
  const [row] = await q
    .select({ seq: auditHeads.seq, hash: auditHeads.hash, configVersion: auditHeads.configVersion })
    .from(auditHeads)
    .where(eq(auditHeads.contestId, contestId))
    .for('update');
  if (!row) throw new Error(`contest ${contestId} has no audit head`);
  return row;
}

/** Reads the head without locking (a process checking whether it has missed records). */
export async function readHead(q: Queryable, contestId: number): Promise<AuditHead | null> {
  const [row] = await q
    .select({ seq: auditHeads.seq, hash: auditHeads.hash, configVersion: auditHeads.configVersion })
    .from(auditHeads)
    .where(eq(auditHeads.contestId, contestId));
  return row ?? null;
}

/**
 * Appends one record after `head` (locked by the caller in this transaction) and moves the head.
 * `bumpConfig` marks a change of the contest's configuration: every process reloads it, and a
 * command checked against the old one is run again.
 */
export async function appendAudit(q: Queryable, contestId: number, head: AuditHead, record: AuditInput, bumpConfig = false): Promise<AuditHead> {
  // Round-trip through JSON so the hash covers exactly what jsonb stores.
  const payload = JSON.parse(JSON.stringify(record.payload ?? null)) as unknown;
  const effects = record.effects ? (JSON.parse(JSON.stringify(record.effects)) as Effect[]) : null;
  const next: AuditHead = {
    seq: head.seq + 1,
    hash: recordHash(head.hash, { ...record, payload, effects }),
    configVersion: head.configVersion + (bumpConfig ? 1 : 0),
  };
  await q.insert(auditLog).values({
    contestId, seq: next.seq, at: record.at, actorRole: record.actorRole, actorId: record.actorId, action: record.action,
    payload, effects, prevHash: head.hash, hash: next.hash,
  });
  await q.update(auditHeads).set(next).where(eq(auditHeads.contestId, contestId));
  return next;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function readAudit(q: Queryable, contestId: number): Promise<AuditRow[]> {
  return q.select().from(auditLog).where(eq(auditLog.contestId, contestId)).orderBy(asc(auditLog.seq));
}

/** Records after `seq`, in order: how a process catches up on what it missed. */
export async function readAuditAfter(q: Queryable, contestId: number, seq: number): Promise<Pick<AuditRow, 'seq' | 'effects'>[]> {
  return q
    .select({ seq: auditLog.seq, effects: auditLog.effects })
    .from(auditLog)
    .where(and(eq(auditLog.contestId, contestId), gt(auditLog.seq, seq)))
    .orderBy(asc(auditLog.seq));
}

/** Recomputes every hash in order; reports the first record that does not fit the chain. */
export function verifyChain(rows: readonly AuditRow[]): ChainCheck {
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const row of rows) {
    if (row.seq !== ++seq) return { ok: false, records: rows.length, brokenAt: row.id, reason: `seq ${row.seq} where ${seq} was expected` };
    if (row.prevHash !== prev) return { ok: false, records: rows.length, brokenAt: row.id, reason: 'prevHash does not match the record before' };
    const expected = recordHash(prev, { ...row, effects: row.effects as Effect[] | null });
    if (expected !== row.hash) return { ok: false, records: rows.length, brokenAt: row.id, reason: 'hash does not match the record' };
    prev = row.hash;
  }
  return { ok: true, records: rows.length, head: prev };
}
