import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTrackResults } from '../results';
import { totalsRules } from '../test-support';
import type { EntryId, JudgeId, Recusal, SubmittedSheet, TrackRules } from '../types';
import { analyzeTrack, defaultResamples, relabelAnalysis, type AnalysisInput, type TrackAnalysis } from './analyze';
import { completeBlock } from './panel';

const MEAN: TrackRules['aggregation'] = { policy: 'mean', bonus: 'inTotal' };

const sheetOf = (judgeId: JudgeId, entryId: EntryId, hundredths: number): SubmittedSheet => ({ judgeId, entryId, values: { scores: { score: hundredths }, bonus: {} } });

/**
 * A track from a table of totals in points: `rows[e][j]` is judge j + 1's total for entry e + 1,
 * null for no sheet. Entries 1..n, judges 1..m.
 */
function track(rows: (number | null)[][], overrides: Partial<TrackRules> = {}, recusals: Recusal[] = []): AnalysisInput {
  const m = Math.max(...rows.map((r) => r.length));
  return {
    rules: totalsRules(overrides),
    entries: rows.map((_, e) => e + 1),
    judges: Array.from({ length: m }, (_, j) => j + 1),
    sheets: rows.flatMap((row, e) => row.flatMap((t, j) => (t === null ? [] : [sheetOf(j + 1, e + 1, Math.round(t * 100))]))),
    recusals,
    manualDecisions: [],
  };
}

const judge = (a: TrackAnalysis, id: JudgeId) => a.judges.find((j) => j.judgeId === id)!;
const entry = (a: TrackAnalysis, id: EntryId) => a.entries.find((e) => e.entryId === id)!;

describe('a planted lenient judge and a planted outlier', () => {
  // Eight entries, seven judges who agree within a point or two; judge 7 gives everyone 7 points
  // more; judge 3 gives entry 5 a total of 50 where the others give about 78.
  const quality = [88, 85, 83, 80, 78, 75, 72, 70];
  const noise = [0, 1, -1, 0.5, -0.5, 1.5, 0];
  const rows = quality.map((q, e) => noise.map((n, j) => (j === 6 ? q + 7 : e === 4 && j === 2 ? 50 : q + ((n * (e + 1)) % 2))));
  const a = analyzeTrack(track(rows), { resamples: 200 });

  it('calls judge 7 lenient, by about seven points on the entries shared with the others', () => {
    const j7 = judge(a, 7);
    expect(j7.severity!.call).toBe('lenient');
    expect(j7.severity!.mean).toBeGreaterThan(650);
    expect(j7.severity!.entries).toBe(8);
    expect(a.judges.filter((j) => j.severity?.call === 'lenient').map((j) => j.judgeId)).toEqual([7]);
    expect(a.judges.filter((j) => j.severity?.call === 'severe').map((j) => j.judgeId)).toEqual([]);
  });

  it('flags judge 3 on entry 5, and nothing else', () => {
    expect(a.outliers).toEqual([{ entryId: 5, judgeId: 3, key: null, value: 5000, othersMedian: 7875, deviation: -2875, limit: 800 }]);
    // The one criterion of this rubric is the total itself: flagged once, as the total.
    expect(judge(a, 3).flags).toEqual({ total: 1, criteria: 0 });
    expect(entry(a, 5).flags).toBe(1);
  });

  it('still finds the panel in agreement on the order, the outlier aside', () => {
    expect(a.agreement.kendallW).toMatchObject({ band: 'veryStrong', entries: 8, judges: 7 });
    expect(a.agreement.icc).toMatchObject({ entries: 8, judges: 7 });
    // The lenient judge costs absolute agreement (ICC) but not rank agreement (Spearman).
    expect(judge(a, 7).agreement!.rho).toBeGreaterThan(0.95);
  });
});

describe('leave one judge out', () => {
  it("names the judges an award rests on, and the places the entry can take", () => {
    // Mean of three judges, one award: A (95, 90, 62) 82.33 beats B (81, 82, 83) 82.00. Without
    // judge 1 or judge 2, B wins; without judge 3, A wins by more.
    const a = analyzeTrack(track([[95, 90, 62], [81, 82, 83]], { aggregation: MEAN, awards: [{ key: 'first', count: 1 }] }), { resamples: 0 });
    expect(entry(a, 1)).toMatchObject({ rank: 1, award: 'first', pending: false });
    expect(entry(a, 1).leaveOneOut).toEqual({
      bestRank: 1,
      worstRank: 2,
      outcomes: [
        { award: 'first', pending: false },
        { award: null, pending: false },
      ],
      changes: [
        { judgeId: 1, rank: 2, award: null, pending: false },
        { judgeId: 2, rank: 2, award: null, pending: false },
      ],
    });
    expect(a.robustness.restOnOneJudge).toEqual([1, 2]);
  });

  it('agrees with the results computed without each judge', () => {
    const input = track([[88, 84, 90, 79, 85], [86, 87, 85, 84, 88], [84, 88, 83, 86, 90], [80, 79, 85, 83, 78]]);
    const a = analyzeTrack(input, { resamples: 0 });
    for (const judgeId of input.judges) {
      const without = computeTrackResults({ ...input, sheets: input.sheets.filter((s) => s.judgeId !== judgeId) });
      for (const e of a.entries) {
        const r = without.ranking.find((x) => x.entryId === e.entryId)!;
        const change = e.leaveOneOut!.changes.find((c) => c.judgeId === judgeId);
        if (change) expect({ rank: change.rank, award: change.award }).toEqual({ rank: r.rank, award: r.award });
        else expect(r.award).toBe(e.award);
        expect(r.rank).toBeGreaterThanOrEqual(e.leaveOneOut!.bestRank!);
        expect(r.rank).toBeLessThanOrEqual(e.leaveOneOut!.worstRank!);
      }
    }
  });
});

describe('the bootstrap over judges', () => {
  const close = track([[86, 84, 85, 90, 80, 83, 88], [85, 86, 84, 82, 88, 86, 83], [84, 85, 86, 84, 85, 84, 85], [70, 72, 71, 69, 73, 70, 72]], {
    awards: [{ key: 'first', count: 1 }, { key: 'second', count: 1 }],
  });

  it('is reproducible from its seed', () => {
    const a = analyzeTrack(close, { seed: 'day-1', resamples: 300 });
    expect(analyzeTrack(close, { seed: 'day-1', resamples: 300 })).toEqual(a);
    const other = analyzeTrack(close, { seed: 'day-2', resamples: 300 });
    expect(other.entries.map((e) => e.bootstrap)).not.toEqual(a.entries.map((e) => e.bootstrap));
  });

  it('gives each entry a probability per tier that sums to one, and marks fragile tiers', () => {
    const a = analyzeTrack(close, { resamples: 400 });
    for (const e of a.entries) {
      const b = e.bootstrap!;
      expect(b.outcomes.reduce((s, o) => s + o.count, 0)).toBe(400);
      const held = b.outcomes.find((o) => o.award === e.award && o.pending === e.pending)?.count ?? 0;
      expect(b.holds).toBe(held / 400);
      expect(b.fragile).toBe(held / 400 < 0.8);
    }
    // The clear last entry never gets an award; the three close ones trade the two awards.
    expect(entry(a, 4).bootstrap).toEqual({ outcomes: [{ award: null, pending: false, count: 400, probability: 1 }], holds: 1, fragile: false });
    expect(a.robustness.fragile.length).toBeGreaterThan(0);
    expect(a.robustness.fragile).not.toContain(4);
  });

  it('is plain JSON', () => {
    const a = analyzeTrack(close, { resamples: 50 });
    expect(JSON.parse(JSON.stringify(a))).toStrictEqual(a);
  });

  it('draws only judges who judged: an absent judge changes nothing', () => {
    const absent = { ...close, judges: [...close.judges, 99] };
    const a = analyzeTrack(absent, { resamples: 200 });
    const b = analyzeTrack(close, { resamples: 200 });
    expect(a.entries).toEqual(b.entries);
    expect(a.judges.find((j) => j.judgeId === 99)).toMatchObject({ sheets: 0, missing: 4, mean: null, severity: null, agreement: null });
  });

  it('defaults to 1000 resamples for a day-sized track and fewer for a large one', () => {
    expect(defaultResamples(7, 20)).toBe(1000);
    expect(defaultResamples(10, 30)).toBe(600);
    expect(defaultResamples(15, 200)).toBe(200);
    expect(analyzeTrack(close).options.resamples).toBe(1000);
  });
});

describe('policy sensitivity', () => {
  it('shows the ranking under each policy and the entries whose award would change', () => {
    // docs/scoring.md example 1: J6's 99 for E03 is trimmed away; under the plain mean E03 wins.
    const a = analyzeTrack(
      track([
        [85, 88, 92, 86, 70, 87, 84.5],
        [82, 89, 83, 87, 83.5, 80, 85.5],
        [83, 84, 84.5, 83.5, 85, 99, 82],
      ], { awards: [{ key: 'first', count: 1 }, { key: 'second', count: 1 }, { key: 'third', count: 1 }] }),
      { resamples: 0 },
    );
    expect(a.policies.policies.map((p) => [p.aggregation.policy, p.configured])).toEqual([
      ['mean', false],
      ['trimmed', true],
      ['median', false],
      ['zscore', false],
    ]);
    const row = (id: number) => a.policies.rows.find((r) => r.entryId === id)!.cells.map((c) => [c.final, c.award]);
    expect(row(1)).toEqual([[8464, 'second'], [8610, 'first'], [8600, 'first'], expect.anything()]);
    expect(row(3)).toEqual([[8586, 'first'], [8400, 'third'], [8400, 'second'], expect.anything()]);
    expect(a.policies.changed).toEqual(expect.arrayContaining([1, 3]));
  });
});

describe('edge cases', () => {
  it('one judge: no agreement, no robustness, but places and policies', () => {
    const a = analyzeTrack(track([[80], [70], [90]]));
    expect(a.agreement.kendallW).toEqual({ w: null, reason: 'too_few' });
    expect(a.agreement.icc).toEqual({ single: null, reason: 'too_few' });
    expect(judge(a, 1)).toMatchObject({ sheets: 3, mean: 8000, stdDev: 1000, severity: null, agreement: null });
    expect(a.entries.map((e) => [e.entryId, e.rank, e.leaveOneOut, e.bootstrap])).toEqual([
      [3, 1, null, null],
      [1, 2, null, null],
      [2, 3, null, null],
    ]);
    expect(a.outliers).toEqual([]);
  });

  it('zero spread: every total equal, so no order to agree on and nothing flagged', () => {
    const a = analyzeTrack(track([[80, 80, 80], [80, 80, 80], [80, 80, 80]]), { resamples: 20 });
    expect(a.agreement.kendallW).toEqual({ w: null, reason: 'no_spread' });
    expect(a.agreement.icc).toEqual({ single: null, reason: 'no_spread' });
    expect(a.outliers).toEqual([]);
    expect(a.judges.map((j) => j.severity)).toEqual([0, 0, 0].map(() => ({ mean: 0, stdError: 0, entries: 3, call: null })));
    // All three share first place across every boundary: each award waits on the host, always.
    expect(a.entries.every((e) => e.pending && e.bootstrap!.holds === 1)).toBe(true);
  });

  it('a missing sheet leaves its entry out of W and the ICC, and counts as missing for the judge', () => {
    const a = analyzeTrack(track([[80, 82, 81, 79, 80], [75, 76, 74, 77, 75], [70, null, 71, 69, 72], [65, 66, 64, 63, 67], [60, 61, 62, 59, 58], [55, 54, 56, 57, 53]]), { resamples: 0 });
    expect(a.agreement.block).toMatchObject({ leftOutEntries: [3], leftOutJudges: [] });
    expect(a.agreement.kendallW).toMatchObject({ w: 1, entries: 5, judges: 5 });
    expect(judge(a, 2)).toMatchObject({ sheets: 5, missing: 1, recused: 0 });
  });

  it('a judge who scored only a few entries is left out instead of the entries', () => {
    const a = analyzeTrack(track([[80, 82, 81, 79, null], [75, 76, 74, 77, null], [70, 73, 71, 69, 72], [65, 66, 64, 63, null], [60, 61, 62, 59, 58], [55, 54, 56, 57, null]]), { resamples: 0 });
    expect(a.agreement.block).toMatchObject({ leftOutEntries: [], leftOutJudges: [5] });
    expect(judge(a, 5)).toMatchObject({ sheets: 2, missing: 4 });
  });

  it('a recused judge: the sheet does not count, the entry leaves the block, the judge is not missing', () => {
    const input = track([[80, 82, 81, 79], [75, 76, 74, 77], [70, 73, 71, 69], [65, 66, 64, 63]], {}, [{ judgeId: 1, entryId: 2 }]);
    const a = analyzeTrack(input, { resamples: 0 });
    expect(judge(a, 1)).toMatchObject({ sheets: 3, recused: 1, missing: 0 });
    expect(judge(a, 1).severity!.entries).toBe(3);
    expect(a.agreement.block.leftOutEntries).toEqual([2]);
    // The recused sheet is not compared with the others either.
    expect(a.outliers.filter((o) => o.judgeId === 1 && o.entryId === 2)).toEqual([]);
  });

  it('an entry without a counted sheet (absent, or every judge recused) is left out, as if not rankable', () => {
    const base = track([[80, 82], [75, 76]]);
    const withEmpty = analyzeTrack({ ...base, entries: [1, 2, 3], recusals: [{ judgeId: 1, entryId: 3 }] }, { resamples: 10 });
    expect(withEmpty.entries.map((e) => e.entryId)).toEqual([1, 2]);
    expect(withEmpty).toEqual(analyzeTrack(base, { resamples: 10 }));
  });

  it('refuses a sheet from a judge who is not on the panel, and bad options', () => {
    expect(() => analyzeTrack({ ...track([[80, 82]]), judges: [1] })).toThrow(/not on the panel/);
    expect(() => analyzeTrack(track([[80, 82]]), { resamples: -1 })).toThrow(RangeError);
    expect(() => analyzeTrack(track([[80, 82]]), { outliers: { madMultiplier: 2.0001 } })).toThrow(RangeError);
  });
});

describe('the complete block', () => {
  it('leaves nothing out of a complete panel, and everything out of an empty one', () => {
    expect(completeBlock([1, 2], ['a', 'b'], () => true)).toEqual({ entries: [1, 2], judges: ['a', 'b'] });
    expect(completeBlock([1, 2], ['a', 'b'], () => false)).toEqual({ entries: [], judges: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties (fast-check): the laws the acceptance criteria name.

/** A complete panel of 2–6 judges and 3–7 entries, totals in hundredths. */
const panels = fc.integer({ min: 2, max: 6 }).chain((m) =>
  fc.integer({ min: 3, max: 7 }).chain((n) => fc.array(fc.array(fc.integer({ min: 5000, max: 9500 }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n })),
);

function fromHundredths(rows: number[][], judges = rows[0]!.map((_, j) => j + 1)): AnalysisInput {
  return {
    rules: totalsRules({ aggregation: MEAN }),
    entries: rows.map((_, e) => e + 1),
    judges,
    sheets: rows.flatMap((row, e) => row.map((t, j) => sheetOf(judges[j]!, e + 1, t))),
    recusals: [],
    manualDecisions: [],
  };
}

const wOf = (a: TrackAnalysis) => a.agreement.kendallW.w;

describe('properties', () => {
  it('a judge who agrees perfectly with the consensus never lowers W', () => {
    fc.assert(
      fc.property(panels, (rows) => {
        const before = analyzeTrack(fromHundredths(rows), { resamples: 0 });
        // The consensus W measures is the order of the rank sums; the new judge scores exactly that.
        const ranks = rows[0]!.map((_, j) => {
          const col = rows.map((r) => r[j]!);
          return col.map((v) => col.filter((x) => x < v).length + (col.filter((x) => x === v).length + 1) / 2);
        });
        const rankSums = rows.map((_, e) => ranks.reduce((s, r) => s + r[e]!, 0));
        const after = analyzeTrack(fromHundredths(rows.map((r, e) => [...r, Math.round(rankSums[e]! * 100)])), { resamples: 0 });
        if (wOf(before) === null) return;
        expect(wOf(after)).not.toBeNull();
        expect(wOf(after)!).toBeGreaterThanOrEqual(wOf(before)! - 1e-12);
      }),
    );
  });

  it('while a judge who reverses the consensus can lower it (the property above is not vacuous)', () => {
    const rows = [[9000, 8800], [8000, 8100], [7000, 7200]];
    const before = analyzeTrack(fromHundredths(rows), { resamples: 0 });
    const after = analyzeTrack(fromHundredths(rows.map((r, e) => [...r, 6000 + e * 1000])), { resamples: 0 });
    expect(wOf(before)).toBe(1);
    expect(wOf(after)!).toBeLessThan(0.2);
  });

  it("a judge's severity is unchanged by adding a constant to every other judge's totals, measured from the same level", () => {
    // Severity is judge − (mean of the others) on shared entries. Read literally ("unchanged"), the
    // property would contradict that definition: lifting the others by c lowers it by exactly c.
    // What does hold, and is tested: (1) the judge's place relative to the panel level is unchanged
    // (new severity + c = old severity, exactly, in hundredths); (2) lifting everyone by c changes no
    // severity at all; (3) lifting one entry for everyone (a stronger entry) changes no severity.
    fc.assert(
      fc.property(panels, fc.integer({ min: -500, max: 500 }), fc.nat(), fc.nat(), (rows, c, pick, entryPick) => {
        const j = pick % rows[0]!.length;
        const e0 = entryPick % rows.length;
        const base = analyzeTrack(fromHundredths(rows), { resamples: 0 }).judges.map((x) => x.severity!.mean);
        const othersLifted = analyzeTrack(fromHundredths(rows.map((r) => r.map((t, k) => (k === j ? t : t + c)))), { resamples: 0 });
        expect(othersLifted.judges[j]!.severity!.mean + c).toBe(base[j]);
        const allLifted = analyzeTrack(fromHundredths(rows.map((r) => r.map((t) => t + c))), { resamples: 0 });
        expect(allLifted.judges.map((x) => x.severity!.mean)).toEqual(base);
        const entryLifted = analyzeTrack(fromHundredths(rows.map((r, e) => r.map((t) => (e === e0 ? t + c : t)))), { resamples: 0 });
        expect(entryLifted.judges.map((x) => x.severity!.mean)).toEqual(base);
      }),
    );
  });

  it('relabelling judges or entries changes nothing', () => {
    fc.assert(
      fc.property(
        panels,
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        (rows, seed, recusedEntry) => {
          const m = rows[0]!.length;
          const n = rows.length;
          // New labels: distinct ids from a shuffled range, for judges and for entries.
          const judgeIds = fc.sample(fc.shuffledSubarray(Array.from({ length: 50 }, (_, i) => 100 + i), { minLength: m, maxLength: m }), { numRuns: 1, seed })[0]!;
          const entryIds = fc.sample(fc.shuffledSubarray(Array.from({ length: 50 }, (_, i) => 500 + i), { minLength: n, maxLength: n }), { numRuns: 1, seed: seed + 1 })[0]!;
          const recusals = recusedEntry === undefined ? [] : [{ judgeId: 1, entryId: (recusedEntry % n) + 1 }];
          const original: AnalysisInput = { ...fromHundredths(rows), recusals, rules: totalsRules() };
          const relabelled: AnalysisInput = {
            ...original,
            entries: original.entries.map((e) => entryIds[e - 1]!),
            judges: original.judges.map((j) => judgeIds[j - 1]!),
            sheets: original.sheets.map((s) => ({ ...s, judgeId: judgeIds[s.judgeId - 1]!, entryId: entryIds[s.entryId - 1]! })),
            recusals: recusals.map((r) => ({ judgeId: judgeIds[r.judgeId - 1]!, entryId: entryIds[r.entryId - 1]! })),
          };
          const options = { resamples: 30, seed: 'relabel' };
          const back = relabelAnalysis(
            analyzeTrack(relabelled, options),
            (id) => entryIds.indexOf(id) + 1,
            (id) => judgeIds.indexOf(id) + 1,
          );
          expect(back).toEqual(analyzeTrack(original, options));
        },
      ),
      { numRuns: 60 },
    );
  });
});
