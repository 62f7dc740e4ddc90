import { describe, expect, it } from 'vitest';
import type { TieBreakConfig } from '../protocol/contestFile';
import { criteriaByWeightOrder, rankEntries, type RankCandidate } from './ranking';
import { rational, type Rational } from './rational';
import type { RubricItem } from './types';

const CRITERIA: RubricItem[] = [
  { key: 'completeness', max: 1000, step: 50 },
  { key: 'effectiveness', max: 2000, step: 50 },
  { key: 'innovation', max: 1000, step: 50 },
  { key: 'feasibility', max: 2000, step: 50 },
];

function candidate(entryId: number, final: number, means: Partial<Record<string, Rational | number>> = {}, extra: Partial<RankCandidate> = {}): RankCandidate {
  const criterionMeans = new Map<string, Rational>(
    CRITERIA.map((c) => {
      const m = means[c.key] ?? 0;
      return [c.key, typeof m === 'number' ? rational(m) : m];
    }),
  );
  return { entryId, final, criterionMeans, untrimmedMean: rational(final), spread: 0, ...extra };
}

const rank = (cands: RankCandidate[], chain: TieBreakConfig[], decisions: { order: number[] }[] = []) =>
  rankEntries(cands, CRITERIA, chain, decisions).map((r) => [r.entryId, r.rank, r.decidedBy?.rule ?? null, r.decidedBy?.key ?? null]);

describe('rankEntries', () => {
  it('orders by published score, best first', () => {
    expect(rank([candidate(1, 8000), candidate(2, 9000), candidate(3, 8500)], [])).toEqual([
      [2, 1, null, null],
      [3, 2, null, null],
      [1, 3, null, null],
    ]);
  });

  it('entries still tied share a rank: 1, 2, 2, 4', () => {
    const result = rankEntries([candidate(1, 9000), candidate(2, 8500), candidate(3, 8500), candidate(4, 8000)], CRITERIA, [{ rule: 'untrimmedMean' }], []);
    expect(result.map((r) => [r.entryId, r.rank, r.sharedRank])).toEqual([
      [1, 1, false],
      [2, 2, true],
      [3, 2, true],
      [4, 4, false],
    ]);
    expect(result[1]!.tiedWith).toEqual([3]);
    expect(result[1]!.decidedBy).toBeNull();
  });

  it('ranks on the published score, not the exact one', () => {
    // Exact untrimmed means differ, but only the published (rounded) `final` orders first.
    const a = candidate(1, 8500, {}, { untrimmedMean: rational(849951, 100) });
    const b = candidate(2, 8500, {}, { untrimmedMean: rational(850049, 100) });
    expect(rank([a, b], [{ rule: 'untrimmedMean' }])).toEqual([
      [2, 1, 'untrimmedMean', null],
      [1, 2, 'untrimmedMean', null],
    ]);
  });

  it('criterion: the higher exact mean on the named criterion wins', () => {
    const a = candidate(1, 8500, { feasibility: rational(5201, 3) }); // 1733.67
    const b = candidate(2, 8500, { feasibility: rational(1734) }); // rounds the same, is higher
    expect(rank([a, b], [{ rule: 'criterion', key: 'feasibility' }])).toEqual([
      [2, 1, 'criterion', 'feasibility'],
      [1, 2, 'criterion', 'feasibility'],
    ]);
  });

  it('criteriaByWeight: heaviest first, rubric order between equal weights', () => {
    expect(criteriaByWeightOrder(CRITERIA)).toEqual(['effectiveness', 'feasibility', 'completeness', 'innovation']);
    // Equal on effectiveness; feasibility decides although completeness favours entry 1.
    const a = candidate(1, 8500, { effectiveness: 1700, feasibility: 1600, completeness: 900 });
    const b = candidate(2, 8500, { effectiveness: 1700, feasibility: 1650, completeness: 800 });
    expect(rank([a, b], [{ rule: 'criteriaByWeight' }])).toEqual([
      [2, 1, 'criteriaByWeight', 'feasibility'],
      [1, 2, 'criteriaByWeight', 'feasibility'],
    ]);
    // Equal on both heavy ones: completeness (rubric order before innovation) decides.
    const c = candidate(3, 8500, { effectiveness: 1700, feasibility: 1600, completeness: 800, innovation: 1000 });
    expect(rank([a, c], [{ rule: 'criteriaByWeight' }])[0]).toEqual([1, 1, 'criteriaByWeight', 'completeness']);
  });

  it('untrimmedMean: the higher plain mean wins', () => {
    const a = candidate(1, 8500, {}, { untrimmedMean: rational(8400) });
    const b = candidate(2, 8500, {}, { untrimmedMean: rational(8450) });
    expect(rank([a, b], [{ rule: 'untrimmedMean' }]).map((r) => r[0])).toEqual([2, 1]);
  });

  it('lowerSpread: the smaller range of judge totals wins', () => {
    const a = candidate(1, 8500, {}, { spread: 1200 });
    const b = candidate(2, 8500, {}, { spread: 600 });
    expect(rank([a, b], [{ rule: 'lowerSpread' }])).toEqual([
      [2, 1, 'lowerSpread', null],
      [1, 2, 'lowerSpread', null],
    ]);
  });

  it('applies the chain in order, each rule only to what is still tied', () => {
    const a = candidate(1, 8500, { effectiveness: 1700 }, { spread: 100 });
    const b = candidate(2, 8500, { effectiveness: 1700 }, { spread: 50 });
    const c = candidate(3, 8500, { effectiveness: 1800 }, { spread: 900 });
    expect(rank([a, b, c], [{ rule: 'criteriaByWeight' }, { rule: 'lowerSpread' }])).toEqual([
      [3, 1, 'criteriaByWeight', 'effectiveness'],
      [2, 2, 'criteriaByWeight', 'effectiveness'],
      [1, 3, 'lowerSpread', null],
    ]);
    // With the rules swapped the spread decides first.
    expect(rank([a, b, c], [{ rule: 'lowerSpread' }, { rule: 'criteriaByWeight' }]).map((r) => r[0])).toEqual([2, 1, 3]);
  });

  it('a manual decision orders a group it fully covers; the last covering decision wins', () => {
    const tied = [candidate(1, 8500), candidate(2, 8500), candidate(3, 8500)];
    const chain: TieBreakConfig[] = [{ rule: 'untrimmedMean' }, { rule: 'manual' }];
    expect(rank(tied, chain, [{ order: [3, 1, 2] }])).toEqual([
      [3, 1, 'manual', null],
      [1, 2, 'manual', null],
      [2, 3, 'manual', null],
    ]);
    expect(rank(tied, chain, [{ order: [3, 1, 2] }, { order: [2, 9, 1, 3] }]).map((r) => r[0])).toEqual([2, 1, 3]);
    // A decision that misses one of the tied entries does not apply.
    expect(rank(tied, chain, [{ order: [3, 1] }]).map((r) => r[1])).toEqual([1, 1, 1]);
  });

  it('a manual decision applies even when the chain omits manual (the host has the last word)', () => {
    expect(rank([candidate(1, 8500), candidate(2, 8500)], [{ rule: 'untrimmedMean' }], [{ order: [2, 1] }]).map((r) => r[0])).toEqual([2, 1]);
  });

  it('decidedBy names the rule against the same-score neighbour; a shared class keeps null inside', () => {
    const a = candidate(1, 8500, { effectiveness: 1800 });
    const b = candidate(2, 8500, { effectiveness: 1700 });
    const c = candidate(3, 8500, { effectiveness: 1700 });
    const d = candidate(4, 8000);
    const result = rankEntries([a, b, c, d], CRITERIA, [{ rule: 'criteriaByWeight' }, { rule: 'untrimmedMean' }], []);
    expect(result.map((r) => [r.entryId, r.rank, r.sharedRank, r.decidedBy])).toEqual([
      [1, 1, false, { rule: 'criteriaByWeight', key: 'effectiveness' }],
      [2, 2, true, { rule: 'criteriaByWeight', key: 'effectiveness' }],
      [3, 2, true, null],
      [4, 4, false, null],
    ]);
    expect(result[0]!.tiedWith).toEqual([2, 3]);
    expect(result[3]!.tiedWith).toEqual([]);
  });

  it('does not depend on the input order', () => {
    const cands = [candidate(1, 8500, { effectiveness: 1700 }), candidate(2, 8500, { effectiveness: 1800 }), candidate(3, 9000), candidate(4, 8500, { effectiveness: 1700 })];
    const forward = rankEntries(cands, CRITERIA, [{ rule: 'criteriaByWeight' }], []);
    expect(rankEntries([...cands].reverse(), CRITERIA, [{ rule: 'criteriaByWeight' }], [])).toEqual(forward);
  });
});
