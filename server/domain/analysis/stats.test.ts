import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doubledAverageRanks, iccTable, kendallW, round4, spearman, toNumber } from './stats';

const byNumber = (a: number, b: number) => a - b;
const spearmanOfNumbers = (x: number[], y: number[]) => spearman(x, y, byNumber, byNumber);

/** Rounds an exact statistic as a published table does. */
const to = (r: { n: bigint; d: bigint } | null, decimals: number) => (r === null ? null : Number(toNumber(r).toFixed(decimals)));

describe('intraclass correlations: Shrout & Fleiss (1979)', () => {
  // Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: Uses in assessing rater
  // reliability. Psychological Bulletin, 86(2), 420–428. The example of their Table 2: four judges
  // rate six targets (rows: targets 1–6; columns: judges 1–4).
  const ratings = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces their analysis of variance (Table 2): BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02', () => {
    const t = iccTable(ratings)!;
    expect(to(t.meanSquares.between, 2)).toBe(11.24);
    expect(to(t.meanSquares.within, 2)).toBe(6.26);
    expect(to(t.meanSquares.judges, 2)).toBe(32.49);
    expect(to(t.meanSquares.error, 2)).toBe(1.02);
  });

  it('reproduces their six coefficients: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91', () => {
    const t = iccTable(ratings)!;
    expect([t.icc11, t.icc21, t.icc31, t.icc1k, t.icc2k, t.icc3k].map((r) => to(r, 2))).toEqual([0.17, 0.29, 0.71, 0.44, 0.62, 0.91]);
  });

  it('does not depend on the order of targets or judges, nor on the unit (hundredths)', () => {
    const t = iccTable(ratings)!;
    const shuffled = [...ratings].reverse().map((row) => [row[2]!, row[0]!, row[3]!, row[1]!]);
    const hundredths = ratings.map((row) => row.map((v) => v * 100));
    for (const other of [iccTable(shuffled)!, iccTable(hundredths)!]) {
      expect(other.icc21).toEqual(t.icc21);
      expect(other.icc2k).toEqual(t.icc2k);
    }
  });

  it('is undefined below two targets or two judges, and without any variance', () => {
    expect(iccTable([[1, 2, 3]])).toBeNull();
    expect(iccTable([[1], [2]])).toBeNull();
    const flat = iccTable([
      [80, 80],
      [80, 80],
    ])!;
    expect([flat.icc11, flat.icc21, flat.icc2k, flat.icc31]).toEqual([null, null, null, null]);
  });

  it('is 1 when every judge gives every target the same score and the targets differ', () => {
    const t = iccTable([
      [70, 70, 70],
      [85, 85, 85],
      [90, 90, 90],
    ])!;
    expect(t.icc21).toEqual({ n: 1n, d: 1n });
    expect(t.icc2k).toEqual({ n: 1n, d: 1n });
  });
});

describe("Kendall's W with ties: Conover (1999)", () => {
  // Conover, W. J. (1999). Practical Nonparametric Statistics, 3rd ed., Wiley, p. 372: twelve
  // homeowners each rank four grasses (4 = best), with ties. Conover reports the rank sums
  // 38, 23.5, 24.5, 34, A1 = 356.5, C1 = 300 and the tie-corrected Friedman statistic T1 = 8.097;
  // Kendall's W is T1 / (b(k − 1)) = 8.097 / 36 = 0.2249.
  const homeowners = [
    [4, 3, 2, 1],
    [4, 2, 3, 1],
    [3, 1.5, 1.5, 4],
    [3, 1, 2, 4],
    [4, 2, 1, 3],
    [2, 2, 2, 4],
    [1, 3, 2, 4],
    [2, 4, 1, 3],
    [3.5, 1, 2, 3.5],
    [4, 1, 3, 2],
    [4, 2, 3, 1],
    [3.5, 1, 2, 3.5],
  ];
  // Targets (grasses) in rows, judges (homeowners) in columns; ranks doubled to stay whole numbers.
  const scores = [0, 1, 2, 3].map((grass) => homeowners.map((h) => h[grass]! * 2));

  it('reproduces the rank sums and T1 = 8.097, so W = 0.2249', () => {
    const result = kendallW(scores)!;
    expect(result.rankSums).toEqual([38, 23.5, 24.5, 34]);
    expect(Number(toNumber(result.chiSquare).toFixed(3))).toBe(8.097);
    expect(result.df).toBe(3);
    expect(round4(toNumber(result.w))).toBe(0.2249);
    // Σ(t³ − t): homeowner 3 and 9 and 12 tie two grasses (6 each), homeowner 6 ties three (24).
    expect(result.tieSum).toBe(42);
  });

  it('agrees with R DescTools::KendallW(anxiety, correct = TRUE) = 0.5396569 on a tie-heavy panel', () => {
    // A cross-check against another implementation (20 subjects, 3 raters, scores 1–6), not a textbook.
    const r1 = [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3];
    const r2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const r3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    const result = kendallW(r1.map((_, i) => [r1[i]!, r2[i]!, r3[i]!]))!;
    expect(Number(toNumber(result.w).toFixed(7))).toBe(0.5396569);
    expect(Number(toNumber(result.chiSquare).toFixed(2))).toBe(30.76);
  });

  it('is 1 for identical orders and undefined when nobody tells the targets apart', () => {
    expect(kendallW([
      [1, 10],
      [2, 20],
      [3, 30],
    ])!.w).toEqual({ n: 1n, d: 1n });
    expect(kendallW([
      [5, 7],
      [5, 7],
    ])).toBeNull();
    expect(kendallW([[1, 2, 3]])).toBeNull();
  });

  it('lies in [0, 1] on any complete panel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 8 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 48, maxLength: 48 }), (m, n, pool) => {
        const scores = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => pool[i * 6 + j]!));
        const result = kendallW(scores);
        if (result === null) return;
        const w = toNumber(result.w);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe('ranks and Spearman', () => {
  it('gives tied values the mean of their places (doubled)', () => {
    expect(doubledAverageRanks([30, 10, 20, 20, 50], (a, b) => a - b)).toEqual({ ranks: [8, 2, 5, 5, 10], ties: [2] });
  });

  it('is 1 for the same order, −1 for the reverse, null without spread', () => {
    expect(spearmanOfNumbers([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearmanOfNumbers([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearmanOfNumbers([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearmanOfNumbers([1], [2])).toBeNull();
  });

  it('matches the textbook formula 1 − 6Σd²/(n(n² − 1)) when there are no ties', () => {
    // Ten pairs without ties, eight neighbours swapped: Σd² = 8, so rho = 1 − 48/990 = 0.9515.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [1, 2, 4, 3, 6, 5, 8, 7, 10, 9];
    const d2 = x.reduce((s, xi, i) => s + (xi - y[i]!) ** 2, 0);
    expect(d2).toBe(8);
    expect(round4(spearmanOfNumbers(x, y)!)).toBe(0.9515);
  });
});
