import { describe, expect, it } from 'vitest';
import { isFinalStep, planCeremony, revealedAt, stepIndex, stepKey, type PlannedWinner } from './ceremony';

describe('ceremony plan', () => {
  const tiers = ['first', 'second', 'third', 'merit'];
  // Rank order: 1 first; 2, 3 second; 4, 5, 6 third; 7 merit.
  const winners: PlannedWinner[] = [
    { entryId: 1, tier: 'first' },
    { entryId: 2, tier: 'second' },
    { entryId: 3, tier: 'second' },
    { entryId: 4, tier: 'third' },
    { entryId: 5, tier: 'third' },
    { entryId: 6, tier: 'third' },
    { entryId: 7, tier: 'merit' },
  ];
  const keys = (plan: ReturnType<typeof planCeremony>) => plan.map(stepKey);

  it('goes title, then each tier from the lowest: announced, then its winners from the lowest place up, then all winners', () => {
    expect(keys(planCeremony(tiers, winners))).toEqual([
      'title',
      'tier:merit', 'entry:merit:7',
      'tier:third', 'entry:third:6', 'entry:third:5', 'entry:third:4',
      'tier:second', 'entry:second:3', 'entry:second:2',
      'tier:first', 'entry:first:1',
      'all',
    ]);
  });

  it('skips tiers nobody won', () => {
    expect(keys(planCeremony(tiers, winners.filter((w) => w.tier === 'first' || w.tier === 'merit')))).toEqual(['title', 'tier:merit', 'entry:merit:7', 'tier:first', 'entry:first:1', 'all']);
    expect(keys(planCeremony(tiers, []))).toEqual(['title', 'all']);
  });

  it('reveals only what the steps so far have shown, in the order shown', () => {
    const plan = planCeremony(tiers, winners);
    expect(revealedAt(plan, 0)).toEqual([]);
    expect(revealedAt(plan, 3)).toEqual([{ tier: 'merit', entryIds: [7] }, { tier: 'third', entryIds: [] }]);
    expect(revealedAt(plan, 5)).toEqual([{ tier: 'merit', entryIds: [7] }, { tier: 'third', entryIds: [6, 5] }]);
    expect(revealedAt(plan, plan.length - 1).map((t) => t.entryIds)).toEqual([[7], [6, 5, 4], [3, 2], [1]]);
  });

  it('finds a stored step again by what it shows, or falls back to the title', () => {
    const full = planCeremony(tiers, winners);
    expect(stepIndex(full, 'entry:third:5')).toBe(5);
    // Entry 5 withdrawn: 4 and 6 remain third; a step on entry 5 no longer exists.
    const without5 = planCeremony(tiers, winners.filter((w) => w.entryId !== 5));
    expect(stepIndex(without5, 'entry:third:4')).toBe(5);
    expect(stepIndex(without5, 'entry:third:5')).toBe(0);
    expect(stepIndex(full, 'all')).toBe(full.length - 1);
    expect(isFinalStep('all')).toBe(true);
    expect(isFinalStep('entry:first:1')).toBe(false);
  });
});
