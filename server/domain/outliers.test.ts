import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTLIER_OPTIONS, entryOutliers, madOf, medianOf, panelOutliers, type OutlierOptions } from './outliers';
import { rational } from './rational';
import { rules, sheet } from './test-support';

const totals = (points: number[]) => points.map((p, i) => ({ judgeId: i + 1, value: Math.round(p * 100) }));

describe('judge far from the panel: the share rule (before issue 14, kept as an option)', () => {
  const share: OutlierOptions = { ...DEFAULT_OUTLIER_OPTIONS, rule: 'share' };

  it('flags a total more than 15% of full marks from the median of the others', () => {
    expect(panelOutliers(totals([80, 82, 79, 81, 63]), 10_000, 'total', share)).toEqual([
      { judgeId: 5, value: 6300, othersMedian: 8050, deviation: -1750, limit: 1500 },
    ]);
  });

  it('does not flag exactly 15 points, nor panels of two', () => {
    expect(panelOutliers(totals([80, 80, 65]), 10_000, 'total', share)).toEqual([]);
    expect(panelOutliers(totals([90, 10]), 10_000, 'total', share)).toEqual([]);
  });
});

describe('judge far from the panel: the median-absolute-deviation rule', () => {
  it('takes the median and the MAD exactly', () => {
    const r = (xs: number[]) => xs.map((x) => rational(x));
    expect(medianOf(r([3, 1, 2]))).toEqual(rational(2));
    expect(medianOf(r([4, 1, 2, 3]))).toEqual(rational(5, 2));
    // |x − 2.5| = 1.5, 0.5, 0.5, 1.5 → MAD 1.
    expect(madOf(r([1, 2, 3, 4]))).toEqual(rational(1));
  });

  it('a unanimous panel flags nothing within the floor (8 % of full marks), and flags beyond it', () => {
    expect(panelOutliers(totals([80, 80, 80, 80, 88]), 10_000, 'total')).toEqual([]);
    expect(panelOutliers(totals([80, 80, 80, 80, 88.5]), 10_000, 'total')).toEqual([
      { judgeId: 5, value: 8850, othersMedian: 8000, deviation: 850, limit: 800 },
    ]);
    // Half a point off a unanimous panel is no outlier, whatever the MAD (0) says.
    expect(panelOutliers(totals([80, 80, 80, 80.5]), 10_000, 'total')).toEqual([]);
  });

  it('adapts to the panel: where the others disagree, a judge must be further out', () => {
    // Others 70, 75, 80, 85, 90: median 80, MAD 5, limit 3 · 1.4826 · 5 = 22.239 points.
    expect(panelOutliers(totals([70, 75, 80, 85, 90, 58]), 10_000, 'total')).toEqual([]);
    expect(panelOutliers(totals([70, 75, 80, 85, 90, 57.5]), 10_000, 'total')).toEqual([
      { judgeId: 6, value: 5750, othersMedian: 8000, deviation: -2250, limit: 2224 },
    ]);
    // The share rule flags the 58 of the same panel (22 > 15 points).
    const share: OutlierOptions = { ...DEFAULT_OUTLIER_OPTIONS, rule: 'share' };
    expect(panelOutliers(totals([70, 75, 80, 85, 90, 58]), 10_000, 'total', share).map((o) => o.judgeId)).toEqual([6]);
  });

  it('compares each judge with the others only, and needs two others', () => {
    expect(panelOutliers(totals([80, 40]), 10_000, 'total')).toEqual([]);
    expect(panelOutliers(totals([80, 81, 40]), 10_000, 'total').map((o) => o.judgeId)).toEqual([3]);
  });
});

describe('a sheet as it arrives: the total and every criterion', () => {
  it('flags the criterion a judge misread, with the floor of 25 % of its maximum', () => {
    // build (max 40): the others 34 to 35; judge 4 typed 3.5 for 35. Its total is off too.
    const sheets = [sheet(1, 1, [34, 34, 17]), sheet(2, 1, [35, 35, 18]), sheet(3, 1, [34.5, 34.5, 17]), sheet(4, 1, [34, 3.5, 17])];
    expect(entryOutliers(rules(), sheets)).toEqual([
      { judgeId: 4, key: null, value: 5450, othersMedian: 8600, deviation: -3150, limit: 800 },
      { judgeId: 4, key: 'build', value: 350, othersMedian: 3450, deviation: -3100, limit: 1000 },
    ]);
  });

  it('a criterion alone can be off while the total is not', () => {
    // Judge 4's total 76 sits among the others' (64, 80, 77.5), but the pitch (max 20) of 6 is
    // 11.5 below their median 17.5, beyond the floor of 5.
    const sheets = [sheet(1, 1, [30, 30, 17]), sheet(2, 1, [31, 31, 18]), sheet(3, 1, [30, 30, 17.5]), sheet(4, 1, [35, 35, 6])];
    const flags = entryOutliers(rules(), sheets);
    expect(flags.map((f) => [f.judgeId, f.key])).toEqual([[4, 'pitch']]);
  });
});
