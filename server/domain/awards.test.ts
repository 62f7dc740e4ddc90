import { describe, expect, it } from 'vitest';
import { allocateAwards, awardPlaces, type AwardTier } from './awards';
import type { RankedEntry } from './ranking';

const TIERS: AwardTier[] = [
  { key: 'first', count: 1 },
  { key: 'second', count: 2 },
  { key: 'third', count: 3 },
  { key: 'merit', count: 2 },
];

/**
 * A ranking from published scores in rank order; entries with equal scores share a rank unless
 * `separated` lists the ids that a tie-break put on their own rank.
 */
function ranking(finals: number[], separated: number[] = []): RankedEntry[] {
  const out: RankedEntry[] = [];
  finals.forEach((final, i) => {
    const id = i + 1;
    const prev = out[i - 1];
    const shares = prev !== undefined && prev.final === final && !separated.includes(id);
    out.push({ entryId: id, final, rank: shares ? prev.rank : i + 1, sharedRank: false, decidedBy: null, tiedWith: [] });
  });
  return out;
}

const awardsOf = (r: RankedEntry[], tiers = TIERS, min?: number) => {
  const outcome = allocateAwards(r, tiers, min);
  return r.map((e) => (outcome.provisional.has(e.entryId) ? '?' : (outcome.award.get(e.entryId) ?? '-')));
};

describe('allocateAwards', () => {
  it('fills tiers in rank order with their counts', () => {
    expect(awardPlaces(TIERS)).toEqual(['first', 'second', 'second', 'third', 'third', 'third', 'merit', 'merit']);
    const r = ranking([100, 99, 98, 97, 96, 95, 94, 93, 92, 91]);
    expect(awardsOf(r)).toEqual(['first', 'second', 'second', 'third', 'third', 'third', 'merit', 'merit', '-', '-']);
    expect(allocateAwards(r, TIERS).boundaryTies).toEqual([]);
  });

  it('fewer entries than places: the lower places stay empty', () => {
    expect(awardsOf(ranking([100, 99]))).toEqual(['first', 'second']);
  });

  it('a tier with count 0 is skipped', () => {
    const tiers = [
      { key: 'first', count: 0 },
      { key: 'second', count: 1 },
      { key: 'third', count: 0 },
      { key: 'merit', count: 1 },
    ];
    expect(awardsOf(ranking([100, 99, 98]), tiers)).toEqual(['second', 'merit', '-']);
    expect(awardsOf(ranking([100, 99]), [{ key: 'first', count: 0 }])).toEqual(['-', '-']);
  });

  it('minAwardScore: entries below it get nothing, and take no place', () => {
    const tiers = [
      { key: 'first', count: 1 },
      { key: 'second', count: 5 },
    ];
    expect(awardsOf(ranking([9000, 7000, 6000, 5999]), tiers, 6000)).toEqual(['first', 'second', 'second', '-']);
    expect(awardsOf(ranking([5000, 4000]), tiers, 6000)).toEqual(['-', '-']);
  });

  it('a tie inside a tier is no boundary tie', () => {
    const r = ranking([100, 99, 99, 98]);
    expect(awardsOf(r)).toEqual(['first', 'second', 'second', 'third']);
    expect(allocateAwards(r, TIERS).boundaryTies).toEqual([]);
  });

  it.each([
    ['first / second', [100, 100, 98], ['?', '?', 'second'], 1, 'first', 'second', ['first', 'second']],
    ['second / third', [100, 99, 98, 98, 97], ['first', 'second', '?', '?', 'third'], 3, 'second', 'third', ['second', 'third']],
    ['third / merit', [100, 99, 98, 97, 96, 95, 95, 94], ['first', 'second', 'second', 'third', 'third', '?', '?', 'merit'], 6, 'third', 'merit', ['third', 'merit']],
    ['merit / no award', [100, 99, 98, 97, 96, 95, 94, 93, 93], ['first', 'second', 'second', 'third', 'third', 'third', 'merit', '?', '?'], 8, 'merit', null, ['merit', null]],
  ] as const)('a shared rank across %s is flagged and left provisional', (_, finals, expected, rank, above, below, places) => {
    const r = ranking([...finals]);
    expect(awardsOf(r)).toEqual(expected);
    const ties = allocateAwards(r, TIERS).boundaryTies;
    expect(ties).toHaveLength(1);
    expect(ties[0]).toMatchObject({ rank, tierAbove: above, tierBelow: below, places, needsManualDecision: true });
    expect(ties[0]!.unresolved).toEqual([{ rank, entryIds: ties[0]!.entryIds }]);
  });

  it('a tie can span several boundaries at once', () => {
    const r = ranking([100, 100, 100, 100, 90]);
    expect(awardsOf(r)).toEqual(['?', '?', '?', '?', 'third']);
    expect(allocateAwards(r, TIERS).boundaryTies[0]).toMatchObject({ entryIds: [1, 2, 3, 4], tierAbove: 'first', tierBelow: 'third', places: ['first', 'second', 'second', 'third'] });
  });

  it('the tie-break chain settling a boundary is recorded, not flagged', () => {
    const r = ranking([100, 100, 98], [2]);
    expect(awardsOf(r)).toEqual(['first', 'second', 'second']);
    expect(allocateAwards(r, TIERS).boundaryTies).toEqual([
      { entryIds: [1, 2], final: 100, rank: 1, places: ['first', 'second'], tierAbove: 'first', tierBelow: 'second', needsManualDecision: false, unresolved: [] },
    ]);
  });

  it('a partly settled group: only the class that still straddles waits', () => {
    // Three tied at 95 over places 6, 7, 8 (third, merit, merit).
    // Entry 7 separated from 6 by a tie-break: 7 and 8 share rank 7, both merit: settled.
    const settled = ranking([100, 99, 98, 97, 96, 95, 95, 95], [7]);
    expect(settled.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 7]);
    expect(awardsOf(settled)).toEqual(['first', 'second', 'second', 'third', 'third', 'third', 'merit', 'merit']);
    expect(allocateAwards(settled, TIERS).boundaryTies[0]).toMatchObject({ entryIds: [6, 7, 8], needsManualDecision: false });
    // Entry 8 separated instead: 6 and 7 share rank 6 across third / merit; 8 keeps its merit.
    const open = ranking([100, 99, 98, 97, 96, 95, 95, 95], [8]);
    expect(awardsOf(open)).toEqual(['first', 'second', 'second', 'third', 'third', '?', '?', 'merit']);
    expect(allocateAwards(open, TIERS).boundaryTies[0]).toMatchObject({ entryIds: [6, 7, 8], rank: 6, needsManualDecision: true, unresolved: [{ rank: 6, entryIds: [6, 7] }] });
  });

  it('a tie at the cut-off made by minAwardScore cannot happen (equal scores are on the same side)', () => {
    const r = ranking([90, 60, 60, 50]);
    expect(awardsOf(r, TIERS, 60)).toEqual(['first', 'second', 'second', '-']);
    expect(allocateAwards(r, TIERS, 60).boundaryTies).toEqual([]);
  });
});
