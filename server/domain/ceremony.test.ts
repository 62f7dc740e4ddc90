import { describe, expect, it } from 'vitest';
import { planCeremony, revealedTiers } from './ceremony';

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
});
