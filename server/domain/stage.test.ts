import { describe, expect, it } from 'vitest';
import { ENTRY_STATES, type EntryState } from '../protocol/stage';
import { canCallNext, isScoringOpen, isTimed, STAGE_ACTIONS, transition } from './stage';

describe('stage state machine', () => {
  it('walks the normal life of an entry', () => {
    const path = ['start', 'toQa', 'toScoring', 'close'] as const;
    let state: EntryState = 'waiting';
    const seen: EntryState[] = [state];
    for (const action of path) {
      const result = transition(state, action);
      if (!result.ok) throw new Error(`${action} refused from ${state}`);
      state = result.to;
      seen.push(state);
    }
    expect(seen).toEqual(['waiting', 'presenting', 'qa', 'scoring', 'closed']);
  });

  it('allows skipping Q&A, reopening, absence and withdrawal, and nothing else', () => {
    const allowed = STAGE_ACTIONS.flatMap((action) => ENTRY_STATES.filter((s) => transition(s, action).ok).map((s) => `${s} -${action}-> ${(transition(s, action) as { to: string }).to}`));
    expect(allowed.sort()).toEqual(
      [
        'waiting -start-> presenting',
        'presenting -toQa-> qa',
        'presenting -toScoring-> scoring',
        'qa -toScoring-> scoring',
        'presenting -close-> closed',
        'qa -close-> closed',
        'scoring -close-> closed',
        'closed -reopen-> scoring',
        'waiting -markAbsent-> absent',
        'absent -restore-> waiting',
        'withdrawn -restore-> waiting',
        ...['waiting', 'absent', 'presenting', 'qa', 'scoring', 'closed'].map((s) => `${s} -withdraw-> withdrawn`),
      ].sort(),
    );
  });

  it('says where a refused action would have needed the entry', () => {
    expect(transition('closed', 'start')).toEqual({ ok: false, from: 'closed', allowedFrom: ['waiting'] });
  });

  it('opens scoring from presenting until closed, and lets the next entry be called once Q&A is over', () => {
    expect(ENTRY_STATES.filter(isScoringOpen)).toEqual(['presenting', 'qa', 'scoring']);
    expect(ENTRY_STATES.filter(isTimed)).toEqual(['presenting', 'qa']);
    expect([null, ...ENTRY_STATES].filter((s) => canCallNext(s))).toEqual([null, 'waiting', 'scoring', 'closed', 'absent', 'withdrawn']);
  });

  it('restores a withdrawn entry to closed when it had closed, else to waiting', () => {
    expect(transition('withdrawn', 'restore', { hadClosed: true })).toEqual({ ok: true, to: 'closed' });
    expect(transition('withdrawn', 'restore', { hadClosed: false })).toEqual({ ok: true, to: 'waiting' });
    expect(transition('absent', 'restore')).toEqual({ ok: true, to: 'waiting' });
  });
});
