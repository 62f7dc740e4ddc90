import { describe, expect, it } from 'vitest';
import { planCeremony, revealedTiers, stepIndex, stepKey } from './ceremony';

describe('ceremony plan', () => {
  const tiers = ['first', 'second', 'third', 'merit'];

  it('goes title, lowest tier to highest, then all winners', () => {
    expect(planCeremony(tiers, new Set(tiers))).toEqual([
      { kind: 'title' },
      { kind: 'tier', tier: 'merit' },
      { kind: 'tier', tier: 'third' },
      { kind: 'tier', tier: 'second' },
      { kind: 'tier', tier: 'first' },
      { kind: 'all' },
    ]);
  });

  it('skips tiers nobody won', () => {
    expect(planCeremony(tiers, new Set(['first', 'third'])).map((s) => (s.kind === 'tier' ? s.tier : s.kind))).toEqual(['title', 'third', 'first', 'all']);
  });

  it('reveals only the tiers up to the current step', () => {
    const plan = planCeremony(tiers, new Set(tiers));
    expect(revealedTiers(plan, 0)).toEqual([]);
    expect(revealedTiers(plan, 2)).toEqual(['merit', 'third']);
    expect(revealedTiers(plan, 5)).toEqual(['merit', 'third', 'second', 'first']);
  });

  it('finds a stored step again by what it shows, or falls back to the title', () => {
    const full = planCeremony(tiers, new Set(tiers));
    const third = full[2]!;
    expect(stepKey(third)).toBe('tier:third');
    const withoutMerit = planCeremony(tiers, new Set(['first', 'second', 'third']));
    expect(stepIndex(withoutMerit, 'tier:third')).toBe(1);
    expect(stepIndex(withoutMerit, 'tier:merit')).toBe(0);
    expect(stepIndex(full, 'all')).toBe(5);
  });
});
