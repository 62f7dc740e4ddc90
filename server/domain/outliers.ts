/**
 * "A judge far from the panel": a submitted total that differs from the median of the other
 * judges' totals for the same entry by more than a share of the rubric's full marks. The host sees
 * an alert (a possible typo, or a judge who misread a criterion); nothing is changed automatically.
 */

/** Share of the full marks beyond which a total is flagged: 15 points on a 100-point rubric. */
export const OUTLIER_SHARE_PERCENT = 15;

/** Median of integers, as an exact half-integer-free comparison value (doubled to stay integral). */
function doubledMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? 2 * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

/**
 * Judges whose total is an outlier. Needs at least three totals (with two, neither is "the panel").
 * @param totals judge id and total, hundredths
 * @param fullMarks the rubric's maximum total, hundredths
 */
export function findOutliers(
  totals: readonly { judgeId: number; total: number }[],
  fullMarks: number,
): { judgeId: number; total: number; othersMedian: number }[] {
  if (totals.length < 3) return [];
  const limitDoubled = (2 * fullMarks * OUTLIER_SHARE_PERCENT) / 100;
  return totals.flatMap((t) => {
    const others = totals.filter((o) => o !== t).map((o) => o.total);
    const median2 = doubledMedian(others);
    return Math.abs(2 * t.total - median2) > limitDoubled ? [{ judgeId: t.judgeId, total: t.total, othersMedian: Math.round(median2 / 2) }] : [];
  });
}
