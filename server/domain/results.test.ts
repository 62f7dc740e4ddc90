import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregationConfig, TieBreakConfig } from '../protocol/contestFile';
import { computeTrackResults, ScoringInputError, type TrackResults, type TrackResultsInput } from './results';
import { panel, rules, sheet, totalSheet, totalsRules } from './test-support';
import type { ManualTieDecision, Recusal, SheetValues, SubmittedSheet, TrackRules } from './types';

function run(r: TrackRules, entries: number[], sheets: SubmittedSheet[], recusals: Recusal[] = [], manualDecisions: ManualTieDecision[] = []): TrackResults {
  return computeTrackResults({ rules: r, entries, sheets, recusals, manualDecisions });
}
const entryOf = (r: TrackResults, id: number) => r.ranking.find((e) => e.entryId === id)!;

describe('computeTrackResults: aggregation', () => {
  it('trimmed mean over 7 judges, with the explanation', () => {
    const r = run(totalsRules(), [1], panel(1, [85, 88, 92, 86, 70, 87, 84.5]));
    const e = r.ranking[0]!;
    expect(e).toMatchObject({ final: 8610, counted: 7, kept: 5, policyApplied: 'trimmed', fallback: null, untrimmedMean: 8464, rank: 1, award: 'first' });
    expect(e.judges.map((j) => [j.judgeId, j.total, j.dropped])).toEqual([
      [1, 8500, null],
      [2, 8800, null],
      [3, 9200, 'high'],
      [4, 8600, null],
      [5, 7000, 'low'],
      [6, 8700, null],
      [7, 8450, null],
    ]);
    expect(e.exact).toMatchObject({ score: '86.10', untrimmedMean: '84.642857…' });
  });

  it('recusal: a recused judge’s sheet does not count even if present, and the policy adapts', () => {
    const sheets = panel(1, [86, 84.5, 90, 85, 80, 95, 87]);
    const r = run(totalsRules(), [1], sheets, [{ judgeId: 6, entryId: 1 }]);
    const e = r.ranking[0]!;
    expect(e.counted).toBe(6);
    expect(e.recused).toEqual([6]);
    expect(e.judges.map((j) => j.judgeId)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(e.policyApplied).toBe('trimmed'); // 6 ≥ minPanel 5
    expect(e.final).toBe(8563); // (84.5 + 85 + 86 + 87) / 4 = 85.625 → 85.63
    // Without the recusal the outlier 95 would have been dropped instead.
    expect(run(totalsRules(), [1], sheets).ranking[0]!.final).toBe(8650);
  });

  it('recusal below minPanel: trimmed falls back to the mean, and says so', () => {
    const r = run(totalsRules(), [1], panel(1, [84, 83.5, 86, 82, 95]), [{ judgeId: 5, entryId: 1 }]);
    expect(r.ranking[0]).toMatchObject({ final: 8388, counted: 4, kept: 4, policyApplied: 'mean', fallback: { from: 'trimmed', reason: 'panel_below_min', counted: 4, minPanel: 5 } });
    expect(r.ranking[0]!.judges.every((j) => j.dropped === null)).toBe(true);
  });

  it('a recusal for another entry changes nothing', () => {
    const sheets = panel(1, [80, 81, 82, 83, 84]);
    expect(run(totalsRules(), [1], sheets, [{ judgeId: 1, entryId: 2 }])).toEqual(run(totalsRules(), [1], sheets));
  });

  it('median of an even count is the exact mean of the two middle totals', () => {
    const r = run(totalsRules({ aggregation: { policy: 'median', bonus: 'inTotal' } }), [1], panel(1, [80, 85.01, 85, 90]));
    expect(r.ranking[0]!.exact.score).toBe('85.005');
    expect(r.ranking[0]!.final).toBe(8501);
    expect(r.ranking[0]!.judges.map((j) => j.dropped)).toEqual(['low', null, null, 'high']);
  });

  it('rounds half up at exactly .xx5, and not below it', () => {
    const mean: AggregationConfig = { policy: 'mean', bonus: 'inTotal' };
    expect(run(totalsRules({ aggregation: mean }), [1], panel(1, [85, 85.01, 85, 85.01])).ranking[0]!.final).toBe(8501); // 85.005
    expect(run(totalsRules({ aggregation: mean }), [1], panel(1, [85, 85, 85, 85.01])).ranking[0]!.final).toBe(8500); // 85.0025
    expect(run(totalsRules({ aggregation: mean }), [1], panel(1, [85, 85.01, 85.01, 85.01])).ranking[0]!.final).toBe(8501); // 85.0075
    expect(run(totalsRules({ aggregation: mean }), [1], panel(1, [85.01, 85.01, 85])).ranking[0]!.final).toBe(8501); // 85.00667
  });

  describe('bonus', () => {
    const withBonus = (aggregation: AggregationConfig) =>
      rules({ aggregation, bonus: [{ key: 'dataModel', max: 500, step: 100 }], tieBreaks: [{ rule: 'manual' }] });
    // Criteria totals 80, 82, 84, 86, 88; only the judge with 88 gives a bonus of 5.
    const sheets = [
      sheet(1, 1, [32, 32, 16]),
      sheet(2, 1, [33, 33, 16]),
      sheet(3, 1, [34, 34, 16]),
      sheet(4, 1, [35, 35, 16]),
      sheet(5, 1, [36, 36, 16], { dataModel: 5 }),
    ];

    it('inTotal: the bonus is part of each judge total before trimming', () => {
      const e = run(withBonus({ policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 5 }), [1], sheets).ranking[0]!;
      expect(e.judges.map((j) => [j.total, j.dropped])).toEqual([
        [8000, 'low'],
        [8200, null],
        [8400, null],
        [8600, null],
        [9300, 'high'],
      ]);
      expect(e.final).toBe(8400); // (82 + 84 + 86) / 3
      expect(e.bonusMean).toBe(100);
    });

    it('separate: criteria are trimmed on their own, the bonus mean over counted judges is added after', () => {
      const e = run(withBonus({ policy: 'trimmed', bonus: 'separate', trim: 1, minPanel: 5 }), [1], sheets).ranking[0]!;
      expect(e.judges.map((j) => [j.criteriaTotal, j.bonusTotal, j.dropped])).toEqual([
        [8000, 0, 'low'],
        [8200, 0, null],
        [8400, 0, null],
        [8600, 0, null],
        [8800, 500, 'high'],
      ]);
      expect(e.final).toBe(8500); // (82 + 84 + 86) / 3 + 5 / 5
      expect(e.bonusMode).toBe('separate');
      expect(e.bonusMeans).toEqual({ dataModel: 100 });
      expect(e.untrimmedMean).toBe(8500); // (80 + 82 + 84 + 86 + 93) / 5
    });
  });

  it('per-criterion means: rounded half up for display, exact alongside', () => {
    const sheets = [sheet(1, 1, [34, 33, 17]), sheet(2, 1, [34.5, 33, 17]), sheet(3, 1, [34, 33.5, 16.5])];
    const e = run(rules({ aggregation: { policy: 'mean', bonus: 'inTotal' } }), [1], sheets).ranking[0]!;
    expect(e.criterionMeans).toEqual({ design: 3417, build: 3317, pitch: 1683 });
    expect(e.exact.criterionMeans).toEqual({ design: '34.166666…', build: '33.166666…', pitch: '16.833333…' });
    expect(e.spread).toBe(50); // totals 84, 84.5, 84
  });
});

describe('computeTrackResults: the minimum panel for an award', () => {
  // Entry 1: 7 judges; entry 2: 4 judges (3 sheets missing); entry 3: 3 judges.
  const input = (overrides: Partial<TrackResultsInput> = {}): TrackResultsInput => ({
    rules: totalsRules(),
    entries: [1, 2, 3],
    sheets: [...panel(1, [90, 91, 89, 90, 92, 88, 90]), ...panel(2, [85, 86, 84, 85]), ...panel(3, [70, 71, 69])],
    recusals: [],
    manualDecisions: [],
    panel: [1, 2, 3, 4, 5, 6, 7],
    ...overrides,
  });

  it('by default is the trimming rule’s own minimum (minPanel 5): awards on 4 or 3 judges wait for the host', () => {
    const r = computeTrackResults(input());
    expect(r.minAwardPanel).toBe(5);
    expect(r.ranking.map((e) => [e.entryId, e.award, e.counted, e.expected, e.shortPanel, e.pending])).toEqual([
      [1, 'first', 7, 7, false, null],
      [2, 'second', 4, 7, true, 'panel'],
      [3, 'second', 3, 7, true, 'panel'],
    ]);
    // The held award keeps its tier (the host sees what it would be) but is provisional.
    expect(r.ranking[1]!.provisional).toBe(true);
    expect(r.provisional).toBe(true);
  });

  it('a confirmation by the host makes the award final', () => {
    const r = computeTrackResults(input({ panelConfirmed: [2, 3] }));
    expect(r.ranking.map((e) => [e.entryId, e.pending, e.panelConfirmed])).toEqual([[1, null, false], [2, null, true], [3, null, true]]);
    expect(r.provisional).toBe(false);
  });

  it('the contest file may set it lower or higher; a mean track has none by default', () => {
    expect(computeTrackResults(input({ rules: totalsRules({ minAwardPanel: 3 }) })).provisional).toBe(false);
    expect(computeTrackResults(input({ rules: totalsRules({ minAwardPanel: 8 }) })).ranking.every((e) => e.pending === 'panel')).toBe(true);
    const mean = computeTrackResults(input({ rules: totalsRules({ aggregation: { policy: 'mean', bonus: 'inTotal' } }) }));
    expect([mean.minAwardPanel, mean.provisional]).toEqual([1, false]);
  });

  it('an entry without an award needs no confirmation', () => {
    const r = computeTrackResults(input({ rules: totalsRules({ awards: [{ key: 'first', count: 1 }] }) }));
    expect(r.ranking.map((e) => [e.entryId, e.award, e.shortPanel, e.pending])).toEqual([[1, 'first', false, null], [2, null, true, null], [3, null, true, null]]);
    expect(r.provisional).toBe(false);
  });
});

describe('computeTrackResults: entries and input', () => {
  it('an entry with no counted sheet is not ranked and gets no award, and keeps its expected panel', () => {
    const sheets = [...panel(1, [80, 80, 80]), totalSheet(1, 3, 90)];
    const r = computeTrackResults({
      rules: totalsRules({ aggregation: { policy: 'mean', bonus: 'inTotal' } }),
      entries: [3, 2, 1],
      sheets,
      recusals: [{ judgeId: 1, entryId: 3 }],
      manualDecisions: [],
      panel: [1, 2, 3],
    });
    expect(r.ranking.map((e) => [e.entryId, e.rank, e.award, e.counted, e.expected])).toEqual([[1, 1, 'first', 3, 3]]);
    expect(r.unranked).toEqual([
      { entryId: 2, reason: 'no_counted_sheets', recused: [], expected: 3 },
      { entryId: 3, reason: 'no_counted_sheets', recused: [1], expected: 2 },
    ]);
  });

  it('lists entries sharing a place, and unranked ones, by entry code, whatever their ids', () => {
    // Ids 1..4 are the database's (or a file's positions); the codes are what every copy carries.
    const codes = new Map([[1, 'T04'], [2, 'T02'], [3, 'T03'], [4, 'T01']]);
    const input: TrackResultsInput = {
      rules: totalsRules({ aggregation: { policy: 'mean', bonus: 'inTotal' }, tieBreaks: [{ rule: 'manual' }] }),
      entries: [1, 2, 3, 4],
      sheets: [...panel(1, [80]), ...panel(2, [90]), ...panel(3, [80])],
      recusals: [],
      manualDecisions: [],
      codes,
    };
    const r = computeTrackResults(input);
    expect(r.ranking.map((e) => [codes.get(e.entryId), e.rank, e.sharedRank])).toEqual([['T02', 1, false], ['T03', 2, true], ['T04', 2, true]]);
    expect(r.unranked.map((u) => u.entryId)).toEqual([4]);

    // The same entries under other ids (the order of a contest file) are listed the same.
    const renumber = new Map([[1, 3], [2, 4], [3, 1], [4, 2]]);
    const moved = computeTrackResults({
      ...input,
      entries: input.entries.map((id) => renumber.get(id)!),
      sheets: input.sheets.map((s) => ({ ...s, entryId: renumber.get(s.entryId)! })),
      codes: new Map([...codes].map(([id, code]) => [renumber.get(id)!, code])),
    });
    const codeOfMoved = new Map([...codes].map(([id, code]) => [renumber.get(id)!, code]));
    expect(moved.ranking.map((e) => codeOfMoved.get(e.entryId))).toEqual(['T02', 'T03', 'T04']);
    // Without codes the ids decide, as before.
    expect(computeTrackResults({ ...input, codes: undefined }).ranking.map((e) => e.entryId)).toEqual([2, 1, 3]);
  });

  it('sheets for entries that are not rankable are ignored', () => {
    const r = run(totalsRules(), [1], [...panel(1, [80, 81, 82, 83, 84]), ...panel(2, [99, 99, 99, 99, 99])]);
    expect(r.ranking.map((e) => e.entryId)).toEqual([1]);
  });

  it('refuses two sheets from one judge for one entry, and sheets the rubric rejects', () => {
    expect(() => run(totalsRules(), [1], [totalSheet(1, 1, 80), totalSheet(1, 1, 81)])).toThrow(ScoringInputError);
    const bad: SubmittedSheet = { judgeId: 1, entryId: 1, values: { scores: { design: 4100, build: 100, pitch: 100 }, bonus: {} } };
    expect(() => run(rules(), [1], [bad])).toThrow(/design: 41 is above the max 40/);
    const partial: SubmittedSheet = { judgeId: 1, entryId: 1, values: { scores: { design: 100 }, bonus: {} } };
    expect(() => run(rules(), [1], [partial])).toThrow(ScoringInputError);
  });
});

describe('computeTrackResults: ties and awards', () => {
  it('ranks on the published score: a tie there goes to the tie-breaks, whatever the exact means', () => {
    // Exact scores 85.0033 and 84.9967 both publish as 85.00; the hall sees a tie, and the
    // smaller spread decides, against the exact order.
    const r = run(totalsRules({ aggregation: { policy: 'mean', bonus: 'inTotal' }, tieBreaks: [{ rule: 'lowerSpread' }] }), [1, 2], [
      ...panel(1, [80, 90, 85.01]),
      ...panel(2, [85, 85, 84.99]),
    ]);
    expect(r.ranking.map((e) => [e.entryId, e.final, e.rank, e.decidedBy])).toEqual([
      [2, 8500, 1, { rule: 'lowerSpread' }],
      [1, 8500, 2, { rule: 'lowerSpread' }],
    ]);
    expect(r.ranking.map((e) => e.spread)).toEqual([1, 1000]);
  });

  it('a tie resolved by a criterion, compared exactly (both build means display as 34.17)', () => {
    const fine = rules({
      criteria: [
        { key: 'design', max: 4000, step: 1 },
        { key: 'build', max: 4000, step: 1 },
        { key: 'pitch', max: 2000, step: 1 },
      ],
      aggregation: { policy: 'mean', bonus: 'inTotal' },
      tieBreaks: [{ rule: 'criterion', key: 'build' }, { rule: 'manual' }],
    });
    const r = run(fine, [1, 2], [
      sheet(1, 1, [34, 34, 17]),
      sheet(2, 1, [34, 34, 17]),
      sheet(3, 1, [34, 34.5, 16.5]), // build mean 34.1666…
      sheet(1, 2, [33.83, 34.17, 17]),
      sheet(2, 2, [33.83, 34.17, 17]),
      sheet(3, 2, [33.83, 34.17, 17]), // build mean 34.17
    ]);
    expect(r.ranking.map((e) => [e.entryId, e.final, e.criterionMeans.build, e.exact.criterionMeans.build, e.decidedBy])).toEqual([
      [2, 8500, 3417, '34.17', { rule: 'criterion', key: 'build' }],
      [1, 8500, 3417, '34.166666…', { rule: 'criterion', key: 'build' }],
    ]);
  });

  const boundary = () => {
    // 1 clear first; 2 and 3 identical (same sheets, different judges) across second / third.
    const r = totalsRules({
      awards: [
        { key: 'first', count: 1 },
        { key: 'second', count: 1 },
        { key: 'third', count: 2 },
      ],
    });
    const sheets = [...panel(1, [90, 89, 92, 88, 86]), ...panel(2, [85, 83, 88, 84, 81]), ...panel(3, [88, 85, 81, 83, 84]), ...panel(4, [75, 77, 79, 76, 72])];
    return { r, sheets };
  };

  it('an unresolved tie at an award boundary is flagged; the awards wait', () => {
    const { r, sheets } = boundary();
    const out = run(r, [1, 2, 3, 4], sheets);
    expect(out.provisional).toBe(true);
    expect(out.ranking.map((e) => [e.entryId, e.rank, e.sharedRank, e.award, e.provisional])).toEqual([
      [1, 1, false, 'first', false],
      [2, 2, true, null, true],
      [3, 2, true, null, true],
      [4, 4, false, 'third', false],
    ]);
    expect(out.boundaryTies).toEqual([
      { entryIds: [2, 3], final: 8400, rank: 2, places: ['second', 'third'], tierAbove: 'second', tierBelow: 'third', needsManualDecision: true, unresolved: [{ rank: 2, entryIds: [2, 3] }] },
    ]);
  });

  it('a manual decision resolves it, on the record', () => {
    const { r, sheets } = boundary();
    const out = run(r, [1, 2, 3, 4], sheets, [], [{ order: [3, 2] }]);
    expect(out.provisional).toBe(false);
    expect(out.ranking.map((e) => [e.entryId, e.rank, e.award, e.provisional, e.decidedBy])).toEqual([
      [1, 1, 'first', false, null],
      [3, 2, 'second', false, { rule: 'manual' }],
      [2, 3, 'third', false, { rule: 'manual' }],
      [4, 4, 'third', false, null],
    ]);
    expect(out.boundaryTies[0]).toMatchObject({ needsManualDecision: false, unresolved: [] });
  });

  it('minAwardScore keeps awards from low scores', () => {
    const out = run(totalsRules({ minAwardScore: 8000, aggregation: { policy: 'mean', bonus: 'inTotal' } }), [1, 2, 3], [...panel(1, [90]), ...panel(2, [80]), ...panel(3, [79.99])]);
    expect(out.ranking.map((e) => e.award)).toEqual(['first', 'second', null]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const POLICIES: AggregationConfig[] = [
  { policy: 'mean', bonus: 'inTotal' },
  { policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 3 },
  { policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 5 },
  { policy: 'trimmed', bonus: 'separate', trim: 1, minPanel: 4 },
  { policy: 'median', bonus: 'inTotal' },
];
const RULES_NO_SPREAD: TieBreakConfig[] = [{ rule: 'criterion', key: 'pitch' }, { rule: 'criteriaByWeight' }, { rule: 'untrimmedMean' }];

const BONUS = [{ key: 'extra', max: 300, step: 100 }];

/** A random track with a random panel, recusals, policy, tie-break chain, tiers and host decisions. */
function trackInput(policies: AggregationConfig[], ruleChoices: TieBreakConfig[]) {
  return fc
    .record({
      entries: fc.integer({ min: 1, max: 6 }),
      judges: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 7 })),
      aggregation: fc.constantFrom(...policies),
      chain: fc.shuffledSubarray(ruleChoices),
      manualLast: fc.boolean(),
      // Sheets that differ in one criterion only and no tie-break rules: mostly ties.
      tieHeavy: fc.boolean(),
      counts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      minAwardScore: fc.option(fc.integer({ min: 50, max: 80 }).map((p) => p * 100), { nil: undefined }),
    })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        cells: fc.array(
          fc.record({
            present: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
            // Few distinct values, so that ties (and ties at award boundaries) are common.
            design: fc.integer({ min: 6, max: 7 }),
            build: fc.integer({ min: 6, max: 7 }),
            pitch: fc.integer({ min: 3, max: 4 }),
            extra: fc.constantFrom(0, 0, 1),
          }),
          { minLength: shape.entries * shape.judges, maxLength: shape.entries * shape.judges },
        ),
        recused: fc.array(fc.tuple(fc.integer({ min: 1, max: shape.judges }), fc.integer({ min: 1, max: shape.entries })), { maxLength: 3 }),
        decisions:
          shape.entries < 2
            ? fc.constant<number[][]>([])
            : fc.array(fc.shuffledSubarray(Array.from({ length: shape.entries }, (_, i) => i + 1), { minLength: 2 }), { maxLength: 2 }),
      }),
    )
    .map(({ shape, cells, recused, decisions }): TrackResultsInput => {
      const sheets: SubmittedSheet[] = [];
      cells.forEach((c, i) => {
        if (!c.present) return;
        const entryId = Math.floor(i / shape.judges) + 1;
        const judgeId = (i % shape.judges) + 1;
        const values: SheetValues = shape.tieHeavy
          ? { scores: { design: c.design * 500, build: 3000, pitch: 1500 }, bonus: {} }
          : { scores: { design: c.design * 500, build: c.build * 500, pitch: c.pitch * 500 }, bonus: c.extra > 0 ? { extra: c.extra * 100 } : {} };
        sheets.push({ judgeId, entryId, values });
      });
      const chain = shape.tieHeavy ? [] : shape.chain;
      const tieBreaks: TieBreakConfig[] = shape.manualLast ? [...chain, { rule: 'manual' }] : chain;
      return {
        rules: rules({
          bonus: BONUS,
          aggregation: shape.aggregation,
          tieBreaks,
          awards: shape.counts.map((count, i) => ({ key: `tier${i + 1}`, count })),
          minAwardScore: shape.minAwardScore,
        }),
        entries: Array.from({ length: shape.entries }, (_, i) => i + 1),
        sheets,
        recusals: recused.map(([judgeId, entryId]) => ({ judgeId, entryId })),
        manualDecisions: decisions.map((order) => ({ order })),
      };
    });
}

const ALL_RULES: TieBreakConfig[] = [...RULES_NO_SPREAD, { rule: 'lowerSpread' }];
const ALL_POLICIES: AggregationConfig[] = [...POLICIES, { policy: 'zscore', bonus: 'inTotal' }, { policy: 'zscore', bonus: 'separate' }];

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('computeTrackResults: properties', () => {
  it('judge (and sheet, entry, recusal) order never changes the results', () => {
    fc.assert(
      fc.property(trackInput(ALL_POLICIES, ALL_RULES), fc.nat(), (input, seed) => {
        const shuffled = { ...input, sheets: shuffle(input.sheets, seed), entries: shuffle(input.entries, seed + 1), recusals: shuffle(input.recusals, seed + 2) };
        expect(computeTrackResults(shuffled)).toEqual(computeTrackResults(input));
      }),
      { numRuns: 300 },
    );
  });

  it('renaming judges changes no score, rank or award', () => {
    fc.assert(
      fc.property(trackInput(ALL_POLICIES, ALL_RULES), fc.nat(), (input, seed) => {
        const ids = shuffle([1, 2, 3, 4, 5, 6, 7], seed);
        const rename = (id: number) => ids[id - 1]! * 10;
        const renamed = {
          ...input,
          sheets: input.sheets.map((s) => ({ ...s, judgeId: rename(s.judgeId) })),
          recusals: input.recusals.map((r) => ({ ...r, judgeId: rename(r.judgeId) })),
        };
        const summary = (r: TrackResults) => r.ranking.map((e) => [e.entryId, e.final, e.rank, e.award, e.provisional, e.untrimmedMean, e.criterionMeans]);
        expect(summary(computeTrackResults(renamed))).toEqual(summary(computeTrackResults(input)));
      }),
      { numRuns: 300 },
    );
  });

  it('results are identical on repeated runs, and serialise to JSON', () => {
    fc.assert(
      fc.property(trackInput(ALL_POLICIES, ALL_RULES), (input) => {
        const a = computeTrackResults(input);
        const b = computeTrackResults(structuredClone(input));
        expect(b).toEqual(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('ranking is consistent: scores never rise down the list, shared ranks share a score, ranks count the entries above', () => {
    fc.assert(
      fc.property(trackInput(ALL_POLICIES, ALL_RULES), (input) => {
        const { ranking } = computeTrackResults(input);
        ranking.forEach((e, i) => {
          const prev = ranking[i - 1];
          if (prev) expect(prev.final).toBeGreaterThanOrEqual(e.final);
          expect(e.rank).toBe(e.rank === prev?.rank ? prev.rank : i + 1);
          if (e.sharedRank) expect(ranking.filter((o) => o.rank === e.rank).every((o) => o.final === e.final)).toBe(true);
          if (prev && prev.final > e.final) expect(e.decidedBy === null || ranking[i + 1]?.final === e.final).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('award counts are respected; every place is filled unless a boundary tie is flagged', () => {
    fc.assert(
      fc.property(trackInput(ALL_POLICIES, ALL_RULES), (input) => {
        const r = computeTrackResults(input);
        for (const tier of input.rules.awards) {
          expect(r.ranking.filter((e) => e.award === tier.key).length).toBeLessThanOrEqual(tier.count);
        }
        const eligible = r.ranking.filter((e) => input.rules.minAwardScore === undefined || e.final >= input.rules.minAwardScore).length;
        const places = input.rules.awards.reduce((s, t) => s + t.count, 0);
        const awarded = r.ranking.filter((e) => e.award !== null).length;
        const tieWaits = r.ranking.some((e) => e.pending === 'tie');
        if (!tieWaits) expect(awarded).toBe(Math.min(places, eligible));
        expect(tieWaits).toBe(r.boundaryTies.some((t) => t.needsManualDecision));
        expect(r.ranking.filter((e) => e.pending === 'tie').length).toBe(r.boundaryTies.flatMap((t) => t.unresolved.flatMap((u) => u.entryIds)).length);
        // An award on a short panel waits for the host; nothing else does.
        for (const e of r.ranking) expect(e.pending === 'panel').toBe(e.award !== null && e.counted < r.minAwardPanel && !e.panelConfirmed);
        expect(r.provisional).toBe(r.ranking.some((e) => e.provisional));
      }),
      { numRuns: 300 },
    );
  });

  it('the trimmed score lies within the kept judge totals', () => {
    const trimmedOnly = POLICIES.filter((p) => p.policy === 'trimmed' && p.bonus === 'inTotal');
    fc.assert(
      fc.property(trackInput(trimmedOnly, RULES_NO_SPREAD), (input) => {
        for (const e of computeTrackResults(input).ranking) {
          const kept = e.judges.filter((j) => j.dropped === null).map((j) => j.total);
          expect(e.final).toBeGreaterThanOrEqual(Math.min(...kept));
          expect(e.final).toBeLessThanOrEqual(Math.max(...kept));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('raising one judge’s score for an entry never lowers its rank (mean, trimmed, median; chain without lowerSpread)', () => {
    // Preconditions, honestly: zscore is excluded (zscore.test.ts shows a counterexample), and so is
    // lowerSpread, since a higher score can widen the spread and lose a tie it used to win.
    fc.assert(
      fc.property(trackInput(POLICIES, RULES_NO_SPREAD), fc.nat(), fc.constantFrom('design', 'build', 'pitch', 'extra'), fc.integer({ min: 1, max: 4 }), (input, pick, key, steps) => {
        fc.pre(input.sheets.length > 0);
        const target = input.sheets[pick % input.sheets.length]!;
        const raised = input.sheets.map((s) => {
          if (s !== target) return s;
          const scores = { ...s.values.scores };
          const bonus = { ...s.values.bonus };
          if (key === 'extra') bonus.extra = Math.min(300, (bonus.extra ?? 0) + steps * 100);
          else scores[key] = Math.min(key === 'pitch' ? 2000 : 4000, scores[key]! + steps * 50);
          return { ...s, values: { scores, bonus } };
        });
        const rankOf = (r: TrackResults) => r.ranking.find((e) => e.entryId === target.entryId)?.rank;
        const before = rankOf(computeTrackResults(input));
        const after = rankOf(computeTrackResults({ ...input, sheets: raised }));
        if (before !== undefined) expect(after!).toBeLessThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('lowerSpread really can break that monotonicity (why it is excluded above)', () => {
    const r = totalsRules({ aggregation: { policy: 'mean', bonus: 'inTotal' }, tieBreaks: [{ rule: 'lowerSpread' }] });
    const entry1 = panel(1, [84, 86.01, 85, 84.99]); // 85.00 exactly, spread 2.01
    const before = run(r, [1, 2], [...entry1, ...panel(2, [84, 86, 85, 84.99])]); // 84.9975 → 85.00, spread 2.00
    const after = run(r, [1, 2], [...entry1, ...panel(2, [84, 86.02, 85, 84.99])]); // 85.0025 → 85.00, spread 2.02
    expect([entryOf(before, 2).final, entryOf(before, 2).rank]).toEqual([8500, 1]);
    expect([entryOf(after, 2).final, entryOf(after, 2).rank]).toEqual([8500, 2]);
  });
});
