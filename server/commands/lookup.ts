/** Finding things named in a payload, or refusing with `not_found` / `invalid_state`. */
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { entries, tieDecisions } from '../../db/schema/index';
import { transition, type EntryState, type StageAction } from '../domain/stage';
import { fail } from '../errors';
import type { ContestState, EntryRow, StageRow, TrackRow } from '../store/state';

export function findTrack(state: ContestState, key: string): TrackRow {
  return state.tracks.find((t) => t.key === key) ?? fail('not_found', `There is no track "${key}".`, { field: 'track' });
}

export function findEntry(state: ContestState, id: number, field = 'entryId'): EntryRow {
  return state.entries.find((e) => e.id === id) ?? fail('not_found', `There is no entry ${id} in this contest.`, { field });
}

export function findJudge(state: ContestState, id: number) {
  return state.judges.find((j) => j.id === id) ?? fail('not_found', `There is no judge ${id} in this contest.`, { field: 'judgeId' });
}

export function stageOf(state: ContestState, trackId: number): StageRow {
  return state.stages.find((s) => s.trackId === trackId) ?? { trackId, entryId: null, clock: null };
}

const STATE_WORDS: Record<EntryState, string> = {
  waiting: 'waiting', presenting: 'presenting', qa: 'in Q&A', scoring: 'being scored', closed: 'closed',
  absent: 'absent', withdrawn: 'withdrawn',
};

/** The entry's next state under `action`, or an `invalid_state` refusal that says why. */
export function nextStateOrFail(entry: EntryRow, action: StageAction): EntryState {
  const result = transition(entry.state, action, { hadClosed: entry.closedAt !== null });
  if (result.ok) return result.to;
  return fail('invalid_state', `Entry ${entry.code} is ${STATE_WORDS[entry.state]}; this needs it ${result.allowedFrom.map((s) => STATE_WORDS[s]).join(' or ')}.`, {
    details: { state: entry.state, allowedFrom: result.allowedFrom },
  });
}

export async function setEntryState(tx: Tx, entryId: number, state: EntryState, closedAt?: Date | null): Promise<void> {
  await tx.update(entries).set(closedAt === undefined ? { state } : { state, closedAt }).where(eq(entries.id, entryId));
}

/**
 * Forgets the host's tie decisions that involve an entry whose result changes (reopened, withdrawn,
 * restored): a decision on yesterday's tie must not silently settle a new one. Returns their ids
 * for the audit record.
 */
export async function dropTieDecisionsOf(tx: Tx, state: ContestState, entryId: number): Promise<number[]> {
  const ids = state.tieDecisions.filter((d) => d.entryOrder.includes(entryId)).map((d) => d.id);
  if (ids.length > 0) await tx.delete(tieDecisions).where(inArray(tieDecisions.id, ids));
  return ids;
}
