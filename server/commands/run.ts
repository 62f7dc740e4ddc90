/**
 * How every command runs: in ONE transaction that locks the contest row (so commands on a
 * contest apply one at a time, in the audit chain's order), reads the whole state, applies the
 * change, appends the audit record, and commits. Only after the commit does the caller ack and
 * broadcast. A thrown CommandError rolls everything back: a refused command changes nothing.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open';
import { contests } from '../../db/schema/index';
import type { Actor } from '../protocol/events';
import { appendAudit } from '../store/audit';
import { loadContestState, type ContestState } from '../store/state';

export interface CommandContext {
  db: Db;
  contestId: number;
  /** The server clock, injectable for tests. */
  now: () => number;
}

/** Which views a change affects, so that only those are recomputed and sent. */
export interface BroadcastScope {
  public?: boolean;
  host?: boolean;
  /** Judge ids whose pads change, or all judges. */
  judges?: number[] | 'all';
}

export const EVERYONE: BroadcastScope = { public: true, host: true, judges: 'all' };

export interface CommandResult<T> {
  data: T;
  scope: BroadcastScope;
}

export interface Applied<T> extends CommandResult<T> {
  /** What the audit record stores; defaults to the command's payload. */
  audit?: unknown;
  /** Set when nothing changed and nothing is recorded (an idempotent replay). */
  replay?: boolean;
}

export interface CommandStep {
  tx: Tx;
  state: ContestState;
  now: number;
}

function auditActor(actor: Actor): { actorRole: 'host' | 'judge'; actorId: number | null } {
  return actor.role === 'judge' ? { actorRole: 'judge', actorId: actor.judgeId } : { actorRole: 'host', actorId: null };
}

export async function runCommand<T>(
  ctx: CommandContext,
  actor: Actor,
  action: string,
  payload: unknown,
  apply: (step: CommandStep) => Promise<Applied<T>>,
): Promise<CommandResult<T>> {
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: contests.id }).from(contests).where(eq(contests.id, ctx.contestId)).for('update');
    const state = await loadContestState(tx, ctx.contestId);
    const now = ctx.now();
    const applied = await apply({ tx, state, now });
    if (applied.replay) return { data: applied.data, scope: {} };
    await appendAudit(tx, ctx.contestId, { at: now, ...auditActor(actor), action, payload: applied.audit ?? payload });
    return { data: applied.data, scope: applied.scope };
  });
}
