import { describe, expect, it } from 'vitest';
import { closeConsequence, closeNeedsWarning } from './closing';
import { TRIMMED } from './test-support';

describe('closeConsequence', () => {
  it('a full panel of 7 under the trimmed mean: nothing to warn about', () => {
    const c = closeConsequence({ aggregation: TRIMMED }, 7, 7);
    expect(c).toEqual({ counted: 7, expected: 7, noScore: false, policy: 'trimmed', policyApplied: 'trimmed', fallback: null, awardHeld: null });
    expect(closeNeedsWarning(c)).toBe(false);
  });

  it('3 of 7 sheets: the trimmed mean falls back to the plain mean and the award is held (default minimum: minPanel 5)', () => {
    const c = closeConsequence({ aggregation: TRIMMED }, 3, 7);
    expect(c.policyApplied).toBe('mean');
    expect(c.fallback).toEqual({ from: 'trimmed', reason: 'panel_below_min', counted: 3, minPanel: 5 });
    expect(c.awardHeld).toEqual({ minAwardPanel: 5 });
    expect(closeNeedsWarning(c)).toBe(true);
  });

  it('5 of 7: still trimmed, no award held, but sheets are missing', () => {
    const c = closeConsequence({ aggregation: TRIMMED }, 5, 7);
    expect([c.policyApplied, c.fallback, c.awardHeld]).toEqual(['trimmed', null, null]);
    expect(closeNeedsWarning(c)).toBe(true);
  });

  it('no sheet at all: no score (无成绩), no policy', () => {
    const c = closeConsequence({ aggregation: TRIMMED }, 0, 7);
    expect(c).toMatchObject({ noScore: true, policyApplied: null, awardHeld: null });
  });

  it('a mean track has no minimum by default; the contest file can set one', () => {
    const mean = { policy: 'mean' as const, bonus: 'inTotal' as const };
    expect(closeConsequence({ aggregation: mean }, 2, 2).awardHeld).toBeNull();
    expect(closeConsequence({ aggregation: mean, minAwardPanel: 3 }, 2, 2).awardHeld).toEqual({ minAwardPanel: 3 });
  });
});
