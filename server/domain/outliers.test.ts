import { describe, expect, it } from 'vitest';
import { findOutliers } from './outliers';

describe('judge far from the panel', () => {
  it('flags a total more than 15% of full marks from the median of the others', () => {
    const totals = [8000, 8200, 7900, 8100, 6300].map((total, i) => ({ judgeId: i + 1, total }));
    expect(findOutliers(totals, 10_000)).toEqual([{ judgeId: 5, total: 6300, othersMedian: 8050 }]);
  });

  it('does not flag exactly 15 points, nor panels of two', () => {
    expect(findOutliers([{ judgeId: 1, total: 8000 }, { judgeId: 2, total: 8000 }, { judgeId: 3, total: 6500 }], 10_000)).toEqual([]);
    expect(findOutliers([{ judgeId: 1, total: 9000 }, { judgeId: 2, total: 1000 }], 10_000)).toEqual([]);
  });
});
