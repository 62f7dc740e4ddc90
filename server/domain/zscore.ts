/**
 * The `zscore` policy: removes each judge's personal level and spread (a harsh judge, a generous
 * judge, one who uses the whole scale) before averaging. Each judge's totals are standardised over
 * the entries that judge scored in the track, then mapped back onto the panel's scale:
 *
 *     adjusted(j, e) = M + S · (x(j, e) − m_j) / s_j
 *
 * x(j, e): judge j's total for entry e; m_j, s_j: mean and population standard deviation of judge j's
 * totals in the track; M, S: mean and population standard deviation of all counted raw totals in the
 * track. The entry's score is the mean of its adjusted totals.
 *
 * Exactness: the variances V (= S²) and V_j (= s_j²) are exact rationals. Their square roots are exact
 * when the variance is the square of a rational, otherwise taken in BigInt fixed point
 * ({@link ZSCORE_DIGITS} decimals, rounded down, integer square root); everything else is exact
 * rational arithmetic, so every machine gets the same digits. Exact roots where they exist keep
 * exact symmetries exact: a judge who scored two entries gives them z = +1 and −1 precisely.
 *
 * Edge cases: a judge whose totals have no spread (s_j = 0, including a judge who scored one entry)
 * says nothing about order, so their totals map to M (z = 0). With a single scored entry, or no
 * spread across the whole panel (S = 0), every adjusted total equals the plain mean anyway, and the
 * result reports the `mean` policy with the reason.
 */
import type { PolicyFallback } from './aggregate';
import { add, compare, div, meanOf, meanOfIntegers, mul, rational, sqrtRational, sub, ZERO, type Rational } from './rational';
import type { EntryId, JudgeId } from './types';

/** Decimal digits of the fixed-point square root. */
export const ZSCORE_DIGITS = 15;

export interface ZScoreInput {
  entryId: EntryId;
  judgeId: JudgeId;
  /** The raw total in hundredths (criteria only when the bonus is aggregated separately). */
  value: number;
}

export interface JudgeScale {
  judgeId: JudgeId;
  /** How many entries of the track this judge's counted totals cover. */
  entries: number;
  mean: Rational;
  /** Exact population variance of the judge's totals (hundredths²). */
  variance: Rational;
  /** s_j (exact or fixed point), or null when the judge's totals have no spread (they map to M). */
  stdDev: Rational | null;
}

export interface ZScoreResult {
  /** Adjusted total per entry and judge (hundredths, exact up to the fixed-point root). */
  adjusted: Map<EntryId, Map<JudgeId, Rational>>;
  /** Set when the standardisation changes nothing and the plain mean is reported instead. */
  fallback: Extract<PolicyFallback, { from: 'zscore' }> | null;
  panelMean: Rational;
  panelVariance: Rational;
  /** S (exact or fixed point). */
  panelStdDev: Rational;
  judges: JudgeScale[];
}

/** Exact population variance of integers. */
function variance(values: readonly number[]): Rational {
  const m = meanOfIntegers(values);
  return meanOf(values.map((v) => {
    const d = sub(rational(v), m);
    return mul(d, d);
  }));
}

/** Standardises every counted total of a track (see the module comment for the formula). */
export function zscoreAdjust(inputs: readonly ZScoreInput[]): ZScoreResult {
  const adjusted = new Map<EntryId, Map<JudgeId, Rational>>();
  const put = (entryId: EntryId, judgeId: JudgeId, value: Rational) => {
    let row = adjusted.get(entryId);
    if (!row) adjusted.set(entryId, (row = new Map()));
    row.set(judgeId, value);
  };
  if (inputs.length === 0) {
    return { adjusted, fallback: null, panelMean: ZERO, panelVariance: ZERO, panelStdDev: ZERO, judges: [] };
  }

  const all = inputs.map((i) => i.value);
  const panelMean = meanOfIntegers(all);
  const panelVariance = variance(all);
  const panelStdDev = sqrtRational(panelVariance, ZSCORE_DIGITS);

  const byJudge = new Map<JudgeId, ZScoreInput[]>();
  for (const input of inputs) {
    const list = byJudge.get(input.judgeId);
    if (list) list.push(input);
    else byJudge.set(input.judgeId, [input]);
  }
  const judges: JudgeScale[] = [...byJudge.entries()]
    .sort(([a], [b]) => a - b)
    .map(([judgeId, list]) => {
      const values = list.map((i) => i.value);
      const v = variance(values);
      const stdDev = v.n === 0n ? null : sqrtRational(v, ZSCORE_DIGITS);
      return { judgeId, entries: list.length, mean: meanOfIntegers(values), variance: v, stdDev };
    });

  const entryCount = new Set(inputs.map((i) => i.entryId)).size;
  const fallback: ZScoreResult['fallback'] =
    entryCount < 2
      ? { from: 'zscore', reason: 'single_entry' }
      : compare(panelVariance, ZERO) === 0
        ? { from: 'zscore', reason: 'zero_spread' }
        : null;

  const scaleOf = new Map(judges.map((j) => [j.judgeId, j]));
  for (const input of inputs) {
    const scale = scaleOf.get(input.judgeId)!;
    // z = (x − m_j) / s_j exactly given s_j; then M + S·z.
    const value =
      scale.stdDev === null ? panelMean : add(panelMean, mul(panelStdDev, div(sub(rational(input.value), scale.mean), scale.stdDev)));
    put(input.entryId, input.judgeId, value);
  }
  return { adjusted, fallback, panelMean, panelVariance, panelStdDev, judges };
}
