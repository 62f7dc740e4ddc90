/**
 * The audit log: one record per accepted command, appended in the command's own transaction and
 * chained by SHA-256 so that editing or deleting any record is detectable. The chain's head (last
 * seq and hash) lives in one row per contest, `audit_heads`: appending locks that row, so records
 * form one total order, and nothing else about the contest has to be read or locked to append.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
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

/** The canonical text of a record that its hash covers (after the previous record's hash). */
function canonicalBody(record: AuditInput): string {
  return canonicalJson({
    at: record.at,
    actorRole: record.actorRole,
    actorId: record.actorId,
    action: record.action,
    payload: record.payload,
    // Older records had no effects; their hash stays what it was.
    effects: record.effects ?? undefined,
  });
}

export function recordHash(prevHash: string, record: AuditInput): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalBody(record)}`).digest('hex');
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

/** What a record's append expects of the head it goes after. */
export interface AppendOptions {
  /**
   * The configuration version the command was checked against: the append is refused (null) when
   * the head has moved to another one since.
   */
  configVersion?: number;
  /** The record changes the configuration: the head's version goes up by one. */
  bumpConfig?: boolean;
}

/**
 * Appends one record after the contest's head and moves the head, in ONE statement: it locks the
 * head row (until the transaction ends), chains the record to it (PostgreSQL computes the same
 * SHA-256 that `verifyChain` checks, over the same canonical text), inserts it and updates the
 * head. One round trip instead of three while the head is held, so commands queue on it as
 * briefly as possible. Returns the new head (with the hash it chained on, for PGlite's journal),
 * or null when the head is at another configuration version than `options.configVersion`
 * (nothing written; the command must be checked again).
 */
export async function appendAudit(q: Queryable, contestId: number, record: AuditInput, options: AppendOptions = {}): Promise<(AuditHead & { prevHash: string }) | null> {
  // Round-trip through JSON so the hash covers exactly what jsonb stores.
  const payload = JSON.parse(JSON.stringify(record.payload ?? null)) as unknown;
  const effects = record.effects ? (JSON.parse(JSON.stringify(record.effects)) as Effect[]) : null;
  const body = canonicalBody({ ...record, payload, effects });
  const expected = options.configVersion ?? null;
  const result = await q.execute(sql`
    with head as (
      select seq, hash, config_version from audit_heads where contest_id = ${contestId} for update
    ), appended as (
      insert into audit_log (contest_id, seq, at, actor_role, actor_id, action, payload, effects, prev_hash, hash)
      select ${contestId}, head.seq + 1, ${record.at}, ${record.actorRole}, ${record.actorId}, ${record.action},
             ${JSON.stringify(payload)}::jsonb, ${effects === null ? null : JSON.stringify(effects)}::jsonb, head.hash,
             encode(sha256(convert_to(head.hash || E'\n' || ${body}::text, 'UTF8')), 'hex')
      from head
      where ${expected}::int is null or head.config_version = ${expected}::int
      returning seq, hash, prev_hash
    )
    update audit_heads
    set seq = appended.seq, hash = appended.hash, config_version = audit_heads.config_version + ${options.bumpConfig ? 1 : 0}::int
    from appended
    where audit_heads.contest_id = ${contestId}
    returning audit_heads.seq, audit_heads.hash, audit_heads.config_version, appended.prev_hash`);
  const [row] = (result as unknown as { rows: { seq: number | string; hash: string; config_version: number; prev_hash: string }[] }).rows;
  // bigint comes back as text from PostgreSQL.
  return row ? { seq: Number(row.seq), hash: row.hash, configVersion: row.config_version, prevHash: row.prev_hash } : null;
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
