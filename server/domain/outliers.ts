/**
 * "A judge far from the panel": a value (a sheet's total, or one criterion) compared with the other
 * judges' values for the same entry. The host sees it as the sheet arrives (a possible typo, or a
 * criterion misread); nothing is changed automatically. Formulas: docs/analysis.md.
 *
 * Two rules, both leave-one-out (the judge is compared with the others, never with themself):
 * - `mad` (default): flagged when |x − median(others)| > max(c · 1.4826 · MAD(others), floor), the
 *   median-absolute-deviation rule of Hampel (1974) and Leys et al. (2013). It adapts to the panel:
 *   where the others disagree among themselves, a judge must be further out to be flagged. The floor
 *   (a share of the item's maximum) keeps a unanimous panel (MAD = 0) from flagging half a point.
 * - `share`: flagged when |x − median(others)| > a fixed share of the item's maximum (15 % of full
 *   marks for totals): the rule the console used before the analysis (issue 14), kept as an option.
 * Every comparison is exact (rationals); the reported figures are hundredths rounded half up.
 */
import { abs, compare, div, meanOf, mul, rational, roundToInteger, sub, type Rational } from './rational';
import { judgeTotal } from './sheet';
import type { JudgeId, Rubric, SheetValues } from './types';

export type OutlierRule = 'mad' | 'share';

export interface OutlierOptions {
  rule: OutlierRule;
  /** `mad`: how many (scaled) MADs of the other judges a value may lie from their median. */
  madMultiplier: number;
  /** `mad`: the least distance flagged on a total, in percent of full marks. */
  totalFloorPercent: number;
  /** `mad`: the least distance flagged on a criterion, in percent of the criterion's maximum. */
  criterionFloorPercent: number;
  /** `share`: the distance flagged, in percent of the item's maximum. */
  sharePercent: number;
  /** The fewest other judges' values a value is compared with (2: a panel of three). */
  minOthers: number;
}

/** Share of the full marks beyond which the `share` rule flags a total: 15 points on a 100-point rubric. */
export const OUTLIER_SHARE_PERCENT = 15;

/** 1.4826 ≈ 1/Φ⁻¹(3/4): scales the MAD to the standard deviation of a normal panel. */
export const MAD_TO_SD = rational(14826, 10000);

export const DEFAULT_OUTLIER_OPTIONS: OutlierOptions = {
  rule: 'mad',
  madMultiplier: 3,
  totalFloorPercent: 8,
  criterionFloorPercent: 25,
  sharePercent: OUTLIER_SHARE_PERCENT,
  minOthers: 2,
};

/** A decimal option (3, 2.5, 12.5) as an exact rational; at most three decimals. */
export function decimalOption(name: string, value: number, min: number): Rational {
  const thousandths = Math.round(value * 1000);
  if (!Number.isFinite(value) || Math.abs(value * 1000 - thousandths) > 1e-6 || value < min) {
    throw new RangeError(`${name} must be a number of at least ${min} with at most three decimals (got ${value})`);
  }
  return rational(thousandths, 1000);
}

/** Checks every field of the options (they may come from a command line). */
export function checkOutlierOptions(options: OutlierOptions): void {
  if (options.rule !== 'mad' && options.rule !== 'share') throw new RangeError(`outlier rule must be mad or share (got ${String(options.rule)})`);
  decimalOption('madMultiplier', options.madMultiplier, 0);
  decimalOption('totalFloorPercent', options.totalFloorPercent, 0);
  decimalOption('criterionFloorPercent', options.criterionFloorPercent, 0);
  decimalOption('sharePercent', options.sharePercent, 0);
  if (!Number.isSafeInteger(options.minOthers) || options.minOthers < 1) throw new RangeError(`minOthers must be a whole number of at least 1 (got ${options.minOthers})`);
}

/** One value far from the other judges', in hundredths (rounded half up where not whole). */
export interface PanelOutlier {
  judgeId: JudgeId;
  value: number;
  othersMedian: number;
  /** value − median of the others: positive when the judge is above the panel. */
  deviation: number;
  /** The distance beyond which the value was flagged. */
  limit: number;
}

function sorted(values: readonly Rational[]): Rational[] {
  return [...values].sort(compare);
}

/** The exact median (the mean of the two middle values for an even count). */
export function medianOf(values: readonly Rational[]): Rational {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : meanOf([s[mid - 1]!, s[mid]!]);
}

/** The median absolute deviation from the median, exactly (unscaled). */
export function madOf(values: readonly Rational[]): Rational {
  const m = medianOf(values);
  return medianOf(values.map((v) => abs(sub(v, m))));
}

const percentOf = (percent: Rational, max: number) => div(mul(percent, rational(max)), rational(100));

/**
 * Values of one item (a total, or one criterion) for one entry that lie far from the other judges'.
 * `max` is the item's maximum (full marks for totals); `kind` picks the floor of the `mad` rule.
 */
export function panelOutliers(
  values: readonly { judgeId: JudgeId; value: number }[],
  max: number,
  kind: 'total' | 'criterion',
  options: OutlierOptions = DEFAULT_OUTLIER_OPTIONS,
): PanelOutlier[] {
  if (values.length - 1 < options.minOthers) return [];
  const exact = values.map((v) => rational(v.value));
  const floorPercent = kind === 'total' ? options.totalFloorPercent : options.criterionFloorPercent;
  const share = percentOf(decimalOption('sharePercent', options.sharePercent, 0), max);
  const floor = percentOf(decimalOption('floorPercent', floorPercent, 0), max);
  const multiplier = mul(decimalOption('madMultiplier', options.madMultiplier, 0), MAD_TO_SD);
  return values.flatMap((v, i) => {
    const others = exact.filter((_, j) => j !== i);
    const median = medianOf(others);
    const deviation = sub(exact[i]!, median);
    let limit = share;
    if (options.rule === 'mad') {
      const spread = mul(multiplier, madOf(others));
      limit = compare(spread, floor) > 0 ? spread : floor;
    }
    if (compare(abs(deviation), limit) <= 0) return [];
    return [{ judgeId: v.judgeId, value: v.value, othersMedian: roundToInteger(median), deviation: roundToInteger(deviation), limit: roundToInteger(limit) }];
  });
}

/** The most a judge can give an entry: every criterion's and every bonus item's maximum, hundredths. */
export function fullMarksOf(rubric: Rubric): number {
  return [...rubric.criteria, ...rubric.bonus].reduce((sum, c) => sum + c.max, 0);
}

/** A flag on one judge's sheet for one entry: `key` is the criterion, or null for the total. */
export interface SheetOutlier extends PanelOutlier {
  key: string | null;
}

/**
 * Every outlier among one entry's counted sheets (submitted, recused judges left out), for the total
 * and for each criterion (unless the rubric has only one), in that order (judges by the order
 * given). Cheap (judges² · criteria):
 * meant to run on every arriving sheet, before the host closes the entry. Bonus items are left to
 * the total: they are optional and mostly 0, so "far from the others" says little about them.
 */
export function entryOutliers(
  rubric: Rubric,
  sheets: readonly { judgeId: JudgeId; values: SheetValues }[],
  options: OutlierOptions = DEFAULT_OUTLIER_OPTIONS,
): SheetOutlier[] {
  const fullMarks = fullMarksOf(rubric);
  const totals = sheets.map((s) => ({ judgeId: s.judgeId, value: judgeTotal(rubric, s.values) }));
  const flags: SheetOutlier[] = panelOutliers(totals, fullMarks, 'total', options).map((o) => ({ ...o, key: null }));
  // A rubric of one criterion has nothing to say per criterion that the total did not.
  if (rubric.criteria.length === 1) return flags;
  for (const c of rubric.criteria) {
    const values = sheets.flatMap((s) => {
      const v = s.values.scores[c.key];
      return v === undefined ? [] : [{ judgeId: s.judgeId, value: v }];
    });
    flags.push(...panelOutliers(values, c.max, 'criterion', options).map((o) => ({ ...o, key: c.key })));
  }
  return flags;
}
