/**
 * How every command runs: in ONE transaction that reads and locks only the rows it touches (its
 * configuration comes from the in-memory model), writes its change, and appends its audit record
 * with the effects (the rows as they are after it). The audit head is locked last, just before the
 * append, so commands on different rows run side by side and still form one total order. After the
 * commit the effects are applied to this process's model (and broadcast to the others); only then
 * does the caller ack. A thrown CommandError rolls everything back: a refused command changes nothing.
 *
 * Configuration commands (a recusal, a setup change) lock the head first instead and bump the
 * configuration version; a command that was checked against an older configuration finds out when
 * it locks the head, and runs again on the new one.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open';
import { commandReceipts } from '../../db/schema/index';
import { fail } from '../errors';
import type { Actor } from '../protocol/events';
import { appendAudit, canonicalJson, lockHead, readHead } from '../store/audit';
import type { Effect } from '../store/effects';
import type { CommandJournal } from '../store/journal';
import type { CommittedRecord, RowsBesideEffects } from '../store/persist';
import type { ContestLive } from '../store/live';
import type { ContestModel } from '../store/model';
import type { CommandTurns } from './turns';

export interface CommandContext {
  db: Db;
  live: ContestLive;
  /** The server clock, injectable for tests. */
  now: () => number;
  /**
   * PGlite's journal (server/store/recovery.ts `commandJournal`): a committed record is
   * acknowledged only once it is on disk there. Absent on PostgreSQL, which is durable itself.
   */
  journal?: CommandJournal | undefined;
  /**
   * TEST ONLY (`npm run chaos -- --ack-before-commit`, PODIUM_CHAOS_ACK_BEFORE_COMMIT): answer as
   * soon as the command is decided, before its commit, and hold the commit back a moment. It loses
   * acknowledged commands on a crash, which the chaos checker must then report.
   */
  unsafeAckBeforeCommit?: boolean;
  /** PGlite: commands take turns, the event loop polling between two (turns.ts). */
  turns?: CommandTurns | undefined;
}


export interface CommandStep {
  tx: Tx;
  /** The configuration (and, for views, the state) as this process knows it. */
  model: ContestModel;
  now: number;
}

export interface Applied<T> {
  data: T;
  /** The rows the command changed, as they are after it. */
  effects: Effect[];
  /** What the audit record stores; defaults to the command's payload. */
  audit?: unknown;
  /**
   * The record's action when it is not the command's name: a submission that arrived after its
   * entry closed is recorded as `sheet:late`, so that nothing reading the record counts it.
   */
  action?: string;
  /** Set when nothing changed and nothing is recorded (an idempotent replay). */
  replay?: boolean;
  /** Rows written that the effects leave out (a secret, a history row): the journal keeps them. */
  rows?: RowsBesideEffects;
}

export interface CommandOutcome<T> {
  data: T;
  /** The audit record's seq; null when nothing was recorded (a replay). */
  seq: number | null;
  effects: Effect[];
  /** The record as the journal takes it (only with a journal). */
  record?: CommittedRecord | null;
}

export interface RunOptions {
  /** Changes the configuration: lock the head first, bump the configuration version. */
  configuration?: boolean;
  /** The client's idempotency key (a host command's `commandId`): a retry gets the first answer. */
  commandId?: string | undefined;
}

/** The head moved to another configuration while the command was being checked: run it again. */
class StaleConfiguration extends Error {
  constructor(readonly headSeq: number) {
    super('the configuration changed');
  }
}

function auditActor(actor: Actor): { actorRole: 'host' | 'judge'; actorId: number | null } {
  return actor.role === 'judge' ? { actorRole: 'judge', actorId: actor.judgeId } : { actorRole: 'host', actorId: null };
}

function actorKey(actor: Actor): string {
  return actor.role === 'judge' ? `judge:${actor.judgeId}` : actor.role;
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/** PostgreSQL's error code and constraint behind a (possibly wrapped) driver error. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  for (let e = error as { code?: unknown; cause?: unknown; constraint?: unknown; constraint_name?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = typeof e.constraint === 'string' ? e.constraint : typeof e.constraint_name === 'string' ? e.constraint_name : undefined;
      return { code: e.code, ...(constraint ? { constraint } : {}) };
    }
  }
  return {};
}

/**
 * Conflicts that running the command again resolves: a serialization failure or deadlock, or two
 * copies of one idempotent command racing for the same receipt (the second then finds the first's).
 */
function isRetryable(error: unknown): boolean {
  const { code, constraint } = pgErrorOf(error);
  if (code === '40001' || code === '40P01') return true;
  return code === '23505' && constraint !== undefined && /receipts|sheet_versions|sheets_entry_id_judge_id/.test(constraint);
}

const MAX_ATTEMPTS = 5;
/** How long the test-only unsafe mode holds a commit back after answering. */
const UNSAFE_COMMIT_DELAY_MS = 150;

export async function runCommand<T>(
  ctx: CommandContext,
  actor: Actor,
  action: string,
  payload: unknown,
  apply: (step: CommandStep) => Promise<Applied<T>>,
  options: RunOptions = {},
): Promise<CommandOutcome<T>> {
  if (!ctx.unsafeAckBeforeCommit) return runSafely(ctx, actor, action, payload, apply, options, null);
  let answer!: (outcome: CommandOutcome<T>) => void;
  const early = new Promise<CommandOutcome<T>>((resolve) => (answer = resolve));
  const run = runSafely(ctx, actor, action, payload, apply, options, answer);
  // What fails after the early answer is exactly the loss the chaos checker must find.
  run.catch(() => {});
  return Promise.race([early, run]);
}

async function runSafely<T>(
  ctx: CommandContext,
  actor: Actor,
  action: string,
  payload: unknown,
  apply: (step: CommandStep) => Promise<Applied<T>>,
  options: RunOptions,
  answerEarly: ((outcome: CommandOutcome<T>) => void) | null,
): Promise<CommandOutcome<T>> {
  for (let attempt = 1; ; attempt++) {
    const model = ctx.live.model;
    const contestId = model.contestId;
    try {
      const transaction = () => ctx.db.transaction(async (tx): Promise<CommandOutcome<T>> => {
        if (options.configuration) {
          // Nothing else commits while a configuration change is checked and written.
          const head = await lockHead(tx, contestId);
          if (head.configVersion !== model.configVersion) throw new StaleConfiguration(head.seq);
        }
        // The action is part of what the id stands for: the same id on another command is refused.
        const receipt = options.commandId ? { key: `cmd:${options.commandId}`, hash: payloadHash({ action, payload }) } : null;
        if (receipt) {
          const [stored] = await tx
            .select()
            .from(commandReceipts)
            .where(and(eq(commandReceipts.contestId, contestId), eq(commandReceipts.actor, actorKey(actor)), eq(commandReceipts.key, receipt.key)));
          if (stored) {
            if (stored.payloadHash !== receipt.hash) {
              fail('invalid_payload', 'commandId: this id was already used for a different command; send a new id', { field: 'commandId' });
            }
            return { data: (stored.response as { data: T }).data, seq: null, effects: [] };
          }
        }
        const now = ctx.now();
        const applied = await apply({ tx, model, now });
        if (applied.replay) return { data: applied.data, seq: null, effects: [] };
        if (answerEarly) {
          answerEarly({ data: applied.data, seq: null, effects: [] });
          await new Promise((resolve) => setTimeout(resolve, UNSAFE_COMMIT_DELAY_MS));
        }
        // A configuration change says which version it makes, so every model that applies it knows.
        const effects: Effect[] = options.configuration ? [...applied.effects, { kind: 'config', version: model.configVersion + 1 }] : applied.effects;
        const audit = { at: now, ...auditActor(actor), action: applied.action ?? action, payload: applied.audit ?? payload, effects };
        const next = await appendAudit(tx, contestId, audit, { configVersion: model.configVersion, bumpConfig: options.configuration ?? false });
        if (!next) {
          // The head is at another configuration: this was checked against an older one.
          const head = await readHead(tx, contestId);
          throw new StaleConfiguration(head?.seq ?? 0);
        }
        const receipts = receipt
          ? await tx
              .insert(commandReceipts)
              .values({ contestId, actor: actorKey(actor), key: receipt.key, payloadHash: receipt.hash, response: { data: applied.data } })
              .returning()
          : [];
        const record: CommittedRecord | null = ctx.journal
          ? {
              contestId, seq: next.seq, prevHash: next.prevHash, hash: next.hash, configVersion: next.configVersion, ...audit,
              rows: { ...applied.rows, ...(receipts.length > 0 ? { receipts } : {}) },
            }
          : null;
        return { data: applied.data, seq: next.seq, effects, record };
      });
      const outcome = ctx.turns ? await ctx.turns.run(transaction) : await transaction();
      // Acknowledged only once on disk (PGlite's journal); a repeat waits for its first to be.
      if (outcome.record) await ctx.journal!.durable(outcome.record);
      else if (ctx.journal) await ctx.journal.settled();
      if (outcome.seq !== null) {
        ctx.live.committed(outcome.seq, outcome.effects);
        // Ack once the change is in this process's views (and patches are on their way), so the
        // sender's own screen is never behind its answer; a missing earlier record from another
        // process cannot hold the answer for long.
        await ctx.live.waitFor(outcome.seq, 250);
      }
      return { data: outcome.data, seq: outcome.seq, effects: outcome.effects };
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && error instanceof StaleConfiguration) {
        await ctx.live.waitFor(error.headSeq, 2_000);
        continue;
      }
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}
