import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, meanOf, rational } from './rational';
import { computeTrackResults } from './results';
import { pts, totalSheet, totalsRules } from './test-support';
import { ZSCORE_DIGITS, zscoreAdjust, type ZScoreInput } from './zscore';

/** Judge totals in points: rows are entries (id = row + 1), columns judges (id = column + 1). */
function inputs(table: number[][]): ZScoreInput[] {
  return table.flatMap((row, e) => row.map((v, j) => ({ entryId: e + 1, judgeId: j + 1, value: pts(v) })));
}

const asNumber = (r: { n: bigint; d: bigint }) => Number(r.n) / Number(r.d);

// The worked example of docs/scoring.md: J1 generous and narrow, J2 harsh, J3 wide.
const EXAMPLE = [
  [90, 70, 80],
  [88, 75, 85],
  [86, 72, 95],
];

describe('zscoreAdjust', () => {
  it('maps each judge onto the panel scale: M + S·(x − m_j)/s_j', () => {
    const z = zscoreAdjust(inputs(EXAMPLE));
    expect(z.fallback).toBeNull();
    expect(z.panelMean).toEqual(rational(74100, 9)); // 741 points / 9 sheets, in hundredths
    const all = EXAMPLE.flat();
    const M = all.reduce((s, v) => s + v, 0) / all.length;
    const S = Math.sqrt(all.reduce((s, v) => s + (v - M) ** 2, 0) / all.length);
    for (let j = 0; j < 3; j++) {
      const col = EXAMPLE.map((row) => row[j]!);
      const m = col.reduce((s, v) => s + v, 0) / 3;
      const s = Math.sqrt(col.reduce((acc, v) => acc + (v - m) ** 2, 0) / 3);
      for (let e = 0; e < 3; e++) {
        const expected = (M + (S * (col[e]! - m)) / s) * 100;
        expect(asNumber(z.adjusted.get(e + 1)!.get(j + 1)!)).toBeCloseTo(expected, 6);
      }
    }
    // J1 gave entry 2 exactly their own mean, so it maps to the panel mean exactly.
    expect(z.adjusted.get(2)!.get(1)).toEqual(z.panelMean);
  });

  it('takes the square root in fixed point, so the factor is a decimal with ZSCORE_DIGITS places', () => {
    const z = zscoreAdjust(inputs(EXAMPLE));
    for (const j of z.judges) expect((10n ** BigInt(ZSCORE_DIGITS)) % j.stdDev!.d).toBe(0n);
    expect((10n ** BigInt(ZSCORE_DIGITS)) % z.panelStdDev.d).toBe(0n);
    // A perfect square variance gets an exact root: judge totals 80 and 90 have s_j = 5 points.
    expect(zscoreAdjust(inputs([[80, 1], [90, 2]])).judges[0]!.stdDev).toEqual(rational(500));
    // Same input, same bits.
    expect(zscoreAdjust(inputs(EXAMPLE))).toEqual(z);
  });

  it('one entry: every judge has no spread, so all map to M, which is the plain mean', () => {
    const z = zscoreAdjust(inputs([[80, 90, 76]]));
    expect(z.fallback).toEqual({ from: 'zscore', reason: 'single_entry' });
    expect([...z.adjusted.get(1)!.values()]).toEqual([rational(8200), rational(8200), rational(8200)]);
  });

  it('zero spread across the panel: everything maps to the common total', () => {
    const z = zscoreAdjust(inputs([[80, 80], [80, 80]]));
    expect(z.fallback).toEqual({ from: 'zscore', reason: 'zero_spread' });
    expect(z.panelVariance).toEqual(rational(0));
    expect(z.judges.every((j) => j.stdDev === null)).toBe(true);
    expect(z.adjusted.get(2)!.get(1)).toEqual(rational(8000));
  });

  it('a judge who gives everyone the same total says nothing about order: z = 0, value M', () => {
    const z = zscoreAdjust(inputs([[80, 70], [90, 70], [85, 70]]));
    expect(z.fallback).toBeNull();
    expect(z.judges[1]).toMatchObject({ judgeId: 2, stdDev: null });
    for (const e of [1, 2, 3]) expect(z.adjusted.get(e)!.get(2)).toEqual(z.panelMean);
  });

  it('a judge who scored a single entry maps to M', () => {
    const z = zscoreAdjust([...inputs([[80], [90], [85]]), { entryId: 2, judgeId: 9, value: 6000 }]);
    expect(z.judges.find((j) => j.judgeId === 9)).toMatchObject({ entries: 1, stdDev: null });
    expect(z.adjusted.get(2)!.get(9)).toEqual(z.panelMean);
  });

  it("raising a judge's total never lowers that entry's z-score under that judge (Samuelson's bound)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 2, maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 3000 }), (col, pick, raise) => {
        const e = pick % col.length;
        const zOf = (values: number[]) => {
          const result = zscoreAdjust(values.map((v, i) => ({ entryId: i + 1, judgeId: 1, value: v })));
          const judge = result.judges[0]!;
          // z·s_j = x − m_j; compare z through its sign-safe square where needed, exactly.
          if (judge.variance.n === 0n) return 0;
          return (values[e]! - asNumber(judge.mean)) / Math.sqrt(asNumber(judge.variance));
        };
        const raised = col.map((v, i) => (i === e ? v + raise : v));
        expect(zOf(raised)).toBeGreaterThanOrEqual(zOf(col) - 1e-9);
      }),
    );
  });
});

describe('zscore ranking', () => {
  const rules = totalsRules({ aggregation: { policy: 'zscore', bonus: 'inTotal' } });
  const run = (table: number[][]) =>
    computeTrackResults({
      rules,
      entries: table.map((_, i) => i + 1),
      sheets: table.flatMap((row, e) => row.map((v, j) => totalSheet(j + 1, e + 1, v))),
      recusals: [],
      manualDecisions: [],
    });

  it('reports the panel scale and the adjusted totals', () => {
    const r = run(EXAMPLE);
    expect(r.zscore).toEqual({
      panelMean: 8233,
      panelStdDev: 810,
      judges: [
        { judgeId: 1, entries: 3, mean: 8800, stdDev: 163 },
        { judgeId: 2, entries: 3, mean: 7233, stdDev: 205 },
        { judgeId: 3, entries: 3, mean: 8667, stdDev: 624 },
      ],
    });
    expect(r.ranking.map((e) => [e.entryId, e.final])).toEqual([
      [2, 8511],
      [3, 8220],
      [1, 7969],
    ]);
    expect(r.ranking[0]!.judges.map((j) => j.adjusted)).toEqual([8233, 9284, 8017]);
    // The plain mean would have put entry 3 first: the zscore changed the order.
    expect(r.ranking.map((e) => e.untrimmedMean)).toEqual([8267, 8433, 8000]);
  });

  it('one entry: reports the mean policy, with the reason', () => {
    const r = run([[80, 90, 76]]);
    expect(r.ranking[0]).toMatchObject({ final: 8200, policyApplied: 'mean', fallback: { from: 'zscore', reason: 'single_entry' } });
    expect(r.ranking[0]!.judges.every((j) => j.adjusted === null)).toBe(true);
  });

  it('zero spread: reports the mean policy, with the reason', () => {
    const r = run([[80, 80], [80, 80]]);
    expect(r.ranking.map((e) => [e.final, e.policyApplied, e.fallback?.reason])).toEqual([
      [8000, 'mean', 'zero_spread'],
      [8000, 'mean', 'zero_spread'],
    ]);
  });

  it('is NOT monotone: raising a score can lower the rank (why the monotonicity property excludes zscore)', () => {
    // Judge 2's totals (65, 85, 90, 85): entry 1 is the outlier low. Raising it to 75 shrinks
    // judge 2's spread, which raises the z-scores of the others, and entry 3 overtakes entry 1.
    const before = [
      [100, 65],
      [90, 85],
      [65, 90],
      [90, 85],
    ];
    const after = before.map((row, i) => (i === 0 ? [100, 75] : row));
    const rankOf = (r: ReturnType<typeof run>, id: number) => r.ranking.find((e) => e.entryId === id)!;
    expect([rankOf(run(before), 1).rank, rankOf(run(before), 1).final, rankOf(run(before), 3).final]).toEqual([3, 8008, 7948]);
    expect([rankOf(run(after), 1).rank, rankOf(run(after), 1).final, rankOf(run(after), 3).final]).toEqual([4, 8229, 8252]);
  });

  it('is monotone with two entries scored by every judge (z is ±1 or 0 per judge)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 7 }),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(0, 1),
        (judges, pick, raise, entry) => {
          const table = [judges.map((j) => j[0]), judges.map((j) => j[1])];
          const j = pick % judges.length;
          const raised = table.map((row, e) => (e === entry ? row.map((v, k) => (k === j ? Math.min(100, v + raise) : v)) : row));
          const rank = (t: number[][]) => run(t).ranking.find((x) => x.entryId === entry + 1)!.rank;
          expect(rank(raised)).toBeLessThanOrEqual(rank(table));
        },
      ),
    );
  });

  it('the exact means behind it agree with the rounded figures', () => {
    const z = zscoreAdjust(inputs(EXAMPLE));
    const entry2 = meanOf([...z.adjusted.get(2)!.values()]);
    expect(compare(entry2, rational(85105, 10))).toBe(1);
    expect(compare(entry2, rational(85115, 10))).toBe(-1);
  });
});
