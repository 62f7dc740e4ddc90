/**
 * Finding what a payload names in the contest's configuration (the in-memory model), or refusing
 * with `not_found`; and the state machine's refusal in words. Live fields (an entry's state) are
 * never taken from here: commands read them under lock (server/store/rows.ts).
 */
import { transition, type EntryState, type StageAction } from '../domain/stage';
import { fail } from '../errors';
import type { ContestModel } from '../store/model';
import type { EntryRow, JudgeRow, TrackRow } from '../store/state';

export function findTrack(model: ContestModel, key: string): TrackRow {
  return model.trackOfKey(key) ?? fail('not_found', `There is no track "${key}".`, { field: 'track' });
}

/** An entry of this contest (its code, unit and track; not its live state). */
export function findEntry(model: ContestModel, id: number, field = 'entryId'): EntryRow {
  return model.entry(id) ?? fail('not_found', `There is no entry ${id} in this contest.`, { field });
}

export function findJudge(model: ContestModel, id: number): JudgeRow {
  return model.judge(id) ?? fail('not_found', `There is no judge ${id} in this contest.`, { field: 'judgeId' });
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
